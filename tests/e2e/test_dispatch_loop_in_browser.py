"""The closed loop through real pages: the dispatcher registers and dispatches a new case, the
unit signs for it and reports back with a photo, the dispatcher verifies and closes it, and
the timeline shows every step."""

import pytest

from tests.e2e.browser_steps import (
    log_in,
    log_out,
    open_action,
    status_text,
    submit_action,
    tiny_png,
)
from tongxin.cases.models import Case

pytestmark = pytest.mark.browser


def test_dispatch_loop_in_browser(page, e2e_world, shoot, tmp_path):
    w = e2e_world

    # Dispatcher: record the call as a case.
    page.goto("/")
    shoot(page, "login")
    log_in(page, "dispatcher")
    shoot(page, "dispatcher-queue")
    page.click("a[href='/cases/new/']")
    page.fill("#id_title", "人民路与建设路路口路灯不亮")
    page.fill("#id_description", "市民来电：路口三盏路灯连续两晚不亮，夜间行人过街危险。")
    page.fill("#id_reporter_name", "王小明")
    page.fill("#id_reporter_phone", "13912345678")
    page.select_option("#id_region", str(w.communities["A1"].pk))
    page.select_option("#id_category", str(w.categories["light"].pk))
    page.fill("#id_address", "人民路与建设路交叉口东北角")
    shoot(page, "new-case-form")
    with page.expect_navigation():
        page.click("form.form-card button[type=submit]")
    assert status_text(page) == "待受理"
    case = Case.objects.get(title="人民路与建设路路口路灯不亮")
    shoot(page, "case-reported")

    # Register, then dispatch: the category's own unit is preselected as lead.
    submit_action(page, "register")
    assert status_text(page) == "已立案"
    form = open_action(page, "dispatch")
    lead = form.locator("[name=lead_department]")
    assert lead.input_value() == str(w.departments["cg"].pk)
    form.locator("[name=co_departments]").select_option(str(w.departments["zj"].pk))
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert status_text(page) == "已派遣"
    assert "区城管局" in page.inner_text("[data-testid=lead-department]")
    assert "区住建局" in page.inner_text("[data-testid=co-departments]")
    shoot(page, "case-dispatched")
    log_out(page)

    # Handler: the case waits in 待签收; sign for it and report the result with a photo.
    log_in(page, "handler")
    assert page.locator("[aria-current=page][data-queue=dispatched]").count() == 1
    page.click("a[href='/notifications/']")
    assert case.number in page.inner_text("ul.inbox")  # told about the dispatch
    shoot(page, "handler-inbox")
    page.click("[data-queue=dispatched]")
    page.click(f"text={case.number}")
    assert page.inner_text("[data-testid=reporter-phone]") == "139****5678"
    shoot(page, "handler-case-page")
    submit_action(page, "accept")
    assert status_text(page) == "处理中"
    form = open_action(page, "reply")
    form.locator("[name=note]").fill("已更换三盏路灯灯泡并检修线路，当晚恢复照明。")
    form.locator("[name=photos]").set_input_files(str(tiny_png(tmp_path / "repaired.png")))
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert status_text(page) == "待核查"
    shoot(page, "case-replied")
    log_out(page)

    # Dispatcher: verify on the record and close.
    log_in(page, "dispatcher")
    page.click("[data-queue=replied]")
    page.click(f"text={case.number}")
    submit_action(page, "verify_pass", note="回访市民确认路灯已亮。")
    assert status_text(page) == "已结案"

    steps = page.locator("[data-testid=timeline] .tl-item").evaluate_all(
        "items => items.map(i => i.dataset.action)"
    )
    assert steps == ["report", "register", "dispatch", "accept", "reply", "verify_pass"]
    timeline = page.inner_text("[data-testid=timeline]")
    for label in ("立案", "派遣", "签收", "办结反馈", "核查通过"):
        assert label in timeline
    assert page.locator("[data-testid=timeline] .attachments img").count() == 1
    shoot(page, "case-closed-timeline")

    case.refresh_from_db()
    assert case.status == "closed"
    assert case.events.count() == 6
    assert page.js_errors == []
