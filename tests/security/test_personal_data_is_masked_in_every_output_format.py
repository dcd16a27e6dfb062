"""Masked everywhere by default — case page, API list and detail, CSV export, Open311 JSON and
XML, notifications — and revealed only to roles that may, as an audited read."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from tests.api.support import Api, token_for
from tests.security.conftest import ADDRESS, ID_NUMBER, PHONE, personal_case
from tests.world import pass_second_factor
from tongxin.notifications.models import Notification
from tongxin.security.models import AuditEntry

pytestmark = pytest.mark.django_db
SECRETS = (PHONE, ID_NUMBER, "zhang.san@example.cn", "张三")


def client_for(world, name):
    client = Client()
    client.force_login(world.user(name))
    pass_second_factor(client)
    return client


def assert_masked(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, secret


def test_case_page_is_masked_for_every_role_until_revealed(world):
    case = personal_case(world)
    for name in ("dispatcher", "handler", "supervisor", "leader"):
        html = client_for(world, name).get(reverse("workbench:case", args=[case.pk]))
        assert_masked(html.content.decode())
    # The supervisor does not go on site: no house numbers either.
    html = client_for(world, "supervisor").get(reverse("workbench:case", args=[case.pk]))
    assert ADDRESS not in html.content.decode() and "建设路**号" in html.content.decode()


def test_api_list_is_masked_and_detail_reveals_only_with_permission_and_audit(world):
    case = personal_case(world)
    supervisor = Api(token_for(world.user("supervisor")))
    assert_masked(supervisor.get("/cases").content.decode())
    detail = supervisor.get(f"/cases/{case.pk}").json()
    assert detail["reporter_phone"] == "138****5678"
    assert detail["reporter_id_number"] == "370402***********4"
    dispatcher = Api(token_for(world.user("dispatcher")))
    assert_masked(dispatcher.get("/cases").content.decode())
    assert not AuditEntry.objects.filter(category="personal").exists()
    assert dispatcher.get(f"/cases/{case.pk}").json()["reporter_phone"] == PHONE
    assert AuditEntry.objects.filter(category="personal", action="reveal",
                                     object_id=str(case.pk)).count() == 1


def test_csv_export_is_masked_and_audited(world):
    personal_case(world)
    response = client_for(world, "dispatcher").get(reverse("workbench:case_export"),
                                                   {"queue": "all"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8-sig")
    assert_masked(body)
    rows = list(csv.reader(io.StringIO(body)))
    assert len(rows) == 2 and "138****5678" in rows[1]
    assert AuditEntry.objects.filter(category="export", action="export_cases").exists()


def test_export_needs_the_export_permission(world):
    assert client_for(world, "handler").get(reverse("workbench:case_export")).status_code == 403


def test_open311_json_and_xml_are_minimised(world):
    case = personal_case(world)
    client = Client()
    for fmt in ("json", "xml"):
        body = client.get(f"/open311/v2/requests/{case.number}.{fmt}").content.decode()
        assert_masked(body)
        assert ADDRESS not in body and "建设路**号" in body


def test_notifications_carry_no_personal_data(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        personal_case(world)
    texts = " ".join(n.message for n in Notification.objects.all())
    assert texts.strip()
    assert_masked(texts)
