"""A 12345 call about a neighbour's noise, all in the browser on one case number: the operator
records it in the hotline console and transfers it to the community's mediation committee
(秒转快办); the mediator signs for it, assigns herself, adds the respondent, books a room (a
second booking of the same room at the same time is refused with a message), records the
session, draws up the agreement (its PDF), uploads both parties' signature scans, records
the follow-up visit and reports it done; the command centre closes it. The dossier PDF is
downloaded and its papers read in order with pypdf."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.browser_steps import log_in, log_out, open_action, status_text, tiny_png
from tests.mediation.centre import build_centre
from tongxin.cases.models import Case
from tongxin.mediation.models import Dispute, DisputeStatus

pytestmark = pytest.mark.browser
TITLE = "楼上邻居每晚十一点后拖动家具，噪音扰民"


def slot(days: int, hour: int) -> str:
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0).strftime("%Y-%m-%dT%H:%M")


def case_action(page, action: str, choose: dict[str, str] | None = None,
                **fields: str) -> None:
    form = open_action(page, action)
    for name, value in (choose or {}).items():
        form.locator(f"[name={name}]").select_option(value)
    for name, value in fields.items():
        form.locator(f"[name={name}]").fill(value)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def step(page, which: str, **fields: str) -> None:
    form = page.locator(f"form[data-step={which}]").first
    for field, value in fields.items():
        form.locator(f"[name={field}]").fill(value)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def test_a_noise_call_is_mediated_signed_visited_and_closed(page, e2e_world, shoot, tmp_path):
    w = e2e_world
    centre = build_centre(w)
    log_in(page, "operator")
    page.goto("/hotline/")
    page.fill("#c-phone", "13800001111")
    page.fill("#c-name", "张三")
    page.fill("#c-title", TITLE)
    page.locator("#c-region").select_option(w.communities["A1"].code)
    page.keyboard.press("Control+Enter")
    expect(page.locator("[data-call-result]")).to_contain_text("已登记")
    case = Case.objects.get(title=TITLE)
    number = case.number

    page.goto(f"/cases/{case.pk}/")
    case_action(page, "transfer_to_mediation",
                choose={"lead_department": str(centre.committee.department_id)},
                note="邻里噪音纠纷，转社区调委会")
    assert Dispute.objects.filter(pk=case.pk).exists()
    log_out(page)

    log_in(page, "med_li")
    page.goto(f"/cases/{case.pk}/")
    case_action(page, "accept")
    page.goto("/mediation/")
    page.locator(f"[data-testid=disputes] a:has-text('{number}')").click()
    expect(page.locator("[data-testid=case-number]")).to_have_text(number)
    step(page, "assign")
    expect(page.locator("[data-testid=mediator]")).to_have_text("med_li")
    step(page, "party", name="李四", phone="13900002222")
    room = str(centre.rooms["r1"].pk)
    form = page.locator("form[data-step=book]")
    form.locator("[name=room]").select_option(room)
    step(page, "book", starts_at=slot(1, 9), ends_at=slot(1, 10))
    # The same room at an overlapping time: refused, said on the page.
    page.locator("form[data-step=book] [name=room]").select_option(room)
    page.locator("form[data-step=book] [name=mediator]").select_option(
        str(centre.mediators["med_zhao"].pk))
    step(page, "book", starts_at=slot(1, 9), ends_at=slot(1, 11))
    expect(page.locator(".flash-error")).to_contain_text("该调解室在此时间已被预约")
    shoot(page, "double-booking-refused")

    step(page, "record", record="双方到场。李四同意晚十点后不再拖动家具并加装脚垫。")
    step(page, "caucus", text="张三私下表示可以不要求赔偿")
    expect(page.locator("[data-testid=caucus-notes]")).to_contain_text("不要求赔偿")
    step(page, "agreement", terms="一、李四每晚22:00后不拖动家具；二、李四十日内为桌椅加装脚垫。")
    pdf = page.request.get(page.locator("[data-testid=agreement-pdf]").get_attribute("href"))
    assert [o.title for o in PdfReader(io.BytesIO(pdf.body())).outline] == ["调解协议书"]
    scan = tiny_png(tmp_path / "signature.png")
    for _ in range(2):  # the applicant, then the respondent
        form = page.locator("form[data-step=sign]").first
        form.locator("[name=image]").set_input_files(str(scan))
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=agreement-signed]")).to_be_visible()
    assert Dispute.objects.get(pk=case.pk).status == DisputeStatus.AGREED
    step(page, "follow_up", note="回访：已加装脚垫，夜间无噪音。")
    expect(page.locator("[data-testid=follow-ups]")).to_contain_text("已加装脚垫")
    shoot(page, "dispute-agreed-and-visited")

    page.goto(f"/cases/{case.pk}/")
    case_action(page, "reply", note="调解成功，协议已履行")
    log_out(page)
    log_in(page, "dispatcher")
    page.goto(f"/cases/{case.pk}/")
    case_action(page, "verify_pass")
    assert "结案" in status_text(page)
    case.refresh_from_db()
    assert case.number == number and case.status == "closed"

    page.goto(f"/mediation/{case.pk}/")
    with page.expect_download() as download:
        page.click("[data-testid=dossier-pdf]")
    reader = PdfReader(download.value.path())
    assert [o.title for o in reader.outline] == ["申请书", "受理登记表", "调解笔录", "调解协议书",
                                                 "回访记录"]
    assert number in "".join(p.extract_text() for p in reader.pages)
    assert page.js_errors == []
