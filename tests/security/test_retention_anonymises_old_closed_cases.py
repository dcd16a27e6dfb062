"""After TONGXIN_PERSONAL_RETENTION_DAYS a closed case keeps its problem and trail but loses
the reporter's personal data; open and recent cases keep theirs."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.security.conftest import PHONE, personal_case
from tongxin.cases.models import Case
from tongxin.security.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_old_closed_cases_are_anonymised_once(world, settings):
    settings.TONGXIN_PERSONAL_RETENTION_DAYS = 365
    old = personal_case(world, state="closed")
    Case.objects.filter(pk=old.pk).update(closed_at=timezone.now() - timedelta(days=366))
    recent = personal_case(world, state="closed")
    still_open = personal_case(world, state="dispatched")
    call_command("security", "anonymise")
    old.refresh_from_db()
    assert (old.reporter_name, old.reporter_phone, old.reporter_id_number, old.address,
            old.reporter_phone_hash) == ("", "", "", "", "")
    assert old.title and old.events.exists()
    for kept in (recent, still_open):
        kept.refresh_from_db()
        assert kept.reporter_phone == PHONE
    assert AuditEntry.objects.filter(action="anonymise_expired", detail__cases=1).exists()
    call_command("security", "anonymise")
    assert AuditEntry.objects.filter(action="anonymise_expired").count() == 1


def test_the_worker_runs_retention_hourly():
    from tongxin.worker import jobs as worker

    assert "personal_data_retention" in worker.JOBS
    assert worker.EVERY["personal_data_retention"] >= 600
