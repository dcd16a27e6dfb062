"""应急指挥 in the browser: an urgent 燃气泄漏 call → the street's dispatcher starts the plan at
level Ⅲ from the case page → the tasks are in the units' queues (城管's handler is told and
finds it under 待签收) → on the incident board a team is committed and masks are issued (more
than is left is refused with the message) → the level is raised to Ⅱ, which adds 住建's step
→ the incident is closed with its report. Then a drill of the same plan is started from the
emergency page and closed: the real statistics (the dashboard's figures) are unchanged.
Before the start the case page proposes the plan (预案研判) with the form pre-set to it."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.browser_steps import log_in, log_out, open_action
from tests.emergency.command import build_command, urgent_case
from tongxin.analytics import stats
from tongxin.analytics.dashboard import build
from tongxin.cases.models import Case
from tongxin.emergency.models import Incident, StockItem, Team, TeamStatus

pytestmark = pytest.mark.browser


def step(page, which: str, choose: dict[str, str] | None = None, **fields: str) -> None:
    form = page.locator(f"form[data-step={which}]").first
    for name, value in (choose or {}).items():
        form.locator(f"[name={name}]").select_option(value)
    for name, value in fields.items():
        form.locator(f"[name={name}]").fill(value)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def figures(world) -> dict:
    stats.rebuild()  # the daily summary the dashboard reads, as the worker keeps it
    return build(world.user("leader"))["kpis"]


def test_gas_leak_plan_in_the_browser_and_a_drill_left_out(page, e2e_world, shoot):
    w = e2e_world
    command = build_command(w)
    case = urgent_case(w, at=timezone.now())

    log_in(page, "street_a")
    page.goto(f"/cases/{case.pk}/")
    # 预案研判: every level of the test plan is met by 燃气 alone, so Ⅰ is proposed and the
    # start form comes pre-set to it; the commander chooses Ⅲ.
    expect(page.locator("[data-testid=plan-proposals]")).to_contain_text("燃气泄漏")
    form = open_action(page, "start_plan")
    expect(form.locator("[name=plan]")).to_have_value(str(command.plan.pk))
    expect(form.locator("[name=level]")).to_have_value("1")
    form.locator("[name=level]").select_option("3")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=plan-proposals]")).to_have_count(0)  # it has started
    incident = Incident.objects.get(case=case)
    tasks = {s.step.department.code: s.task for s in incident.steps.select_related(
        "task", "step__department")}
    assert set(tasks) == {"cg", "sw"}
    shoot(page, "plan-started")
    log_out(page)

    log_in(page, "handler")  # 城管: the task waits in 待签收, and the inbox says so
    page.click("[data-queue=dispatched]")
    expect(page.locator(f"text={tasks['cg'].number}")).to_be_visible()
    page.click("a[href='/notifications/']")
    assert tasks["cg"].number in page.inner_text("ul.inbox")
    log_out(page)

    log_in(page, "street_a")
    page.goto("/emergency/")
    page.locator(f"[data-testid=incidents] a:has-text('{case.number}')").click()
    expect(page.locator("[data-testid=incident-level]")).to_have_text("Ⅲ")
    expect(page.locator("[data-testid=steps] tbody tr")).to_have_count(2)
    step(page, "team", choose={"team": str(command.teams["near"].pk)})
    expect(page.locator("[data-testid=committed]")).to_contain_text("燃气抢险一队")
    assert Team.objects.get(pk=command.teams["near"].pk).status == TeamStatus.COMMITTED
    step(page, "issue", choose={"stock": str(command.masks.pk)}, quantity="3")
    expect(page.locator("body")).to_contain_text("库存不足：剩余 2，申请 3")
    step(page, "issue", choose={"stock": str(command.masks.pk)}, quantity="2")
    expect(page.locator("[data-testid=committed]")).to_contain_text("防毒面具 × 2")
    assert StockItem.objects.get(pk=command.masks.pk).quantity == 0
    step(page, "level", choose={"level": "2"})
    expect(page.locator("[data-testid=incident-level]")).to_have_text("Ⅱ")
    expect(page.locator("[data-testid=steps] tbody tr")).to_have_count(3)
    expect(page.locator("[data-testid=steps]")).to_contain_text("排查周边楼栋")
    shoot(page, "incident-board")
    step(page, "close", report="泄漏点已封堵，周边群众已返回，无人员伤亡。")
    expect(page.locator("[data-testid=incident-status]")).to_contain_text("已结束")
    expect(page.locator("[data-testid=incident-report]")).to_contain_text("泄漏点已封堵")
    expect(page.locator("[data-testid=timeline]")).to_contain_text("应急事件结束")

    before = figures(w)
    real_cases = Case.objects.count()
    page.goto("/emergency/")
    step(page, "drill", choose={"plan": str(command.plan.pk), "level": "3"},
         lat="34.05", lng="117.1")
    expect(page.locator("[data-testid=incident-status]")).to_contain_text("演练")
    drill = Incident.objects.get(drill=True)
    assert drill.steps.count() == 2 and Case.objects.count() == real_cases + 3
    step(page, "close", report="演练总结：各单位按时到位。")
    expect(page.locator("[data-testid=incident-status]")).to_contain_text("已结束")
    shoot(page, "drill-closed")
    after = figures(w)
    # Closed at once, before any deadline: no step ran late, so no revision task either.
    assert Incident.objects.get(pk=drill.pk).revision_case_id is None
    assert before["received"] >= 1 and after == before
