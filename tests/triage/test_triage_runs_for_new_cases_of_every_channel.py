"""Every new case is triaged by the worker, whichever channel brought it in."""

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.api.support import Api, case_body, token_for
from tests.open311.helpers import open311_key, post, report_fields
from tests.triage.helpers import report
from tests.world import PASSWORD
from tongxin.cases.models import Case, Channel, Status
from tongxin.cases.services import NewCase, create_case
from tongxin.triage.models import TriageResult
from tongxin.worker import jobs as worker


def run_the_worker_job() -> None:
    # The job itself, not `worker --once`: the command closes the database connection each
    # round, which would end the test's transaction on PostgreSQL.
    worker.JOBS["triage"]()


def test_api_open311_workbench_and_hotline_cases_are_all_triaged(world, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    assert Api(token_for(world.user("operator"))).post("/cases", case_body()).status_code == 201
    assert post(Client(), **report_fields(open311_key(world))).status_code == 201
    web = Client()
    web.login(username="operator", password=PASSWORD)
    created = web.post(reverse("workbench:case_new"), {
        "title": "小区停水", "channel": Channel.HOTLINE, "region": world.communities["A1"].pk,
        "urgency": "normal", "reporter_name": "李四", "reporter_phone": "13900000000",
    })
    assert created.status_code == 302, created.content.decode()[:2000]
    report(world, "路灯不亮")
    channels = set(Case.objects.values_list("channel", flat=True))
    assert {"api", "open311", "hotline"} <= channels

    run_the_worker_job()

    assert TriageResult.objects.count() == Case.objects.count() == 4
    assert not Case.objects.filter(status=Status.REPORTED).exists()


def test_reports_older_than_the_triage_window_are_left_to_people(world, settings):
    settings.TONGXIN_TRIAGE_MAX_AGE_HOURS = 1
    old = create_case(actor=None, at=timezone.now() - timedelta(hours=2),
                      new=NewCase(channel=Channel.HOTLINE, title="停水",
                                  region=world.communities["A1"]))
    run_the_worker_job()
    old.refresh_from_db()
    assert old.status == Status.REPORTED and not TriageResult.objects.exists()
