"""A grid council in the browser: the street's dispatcher makes a topic from three similar
cases; the grid party branch vets it; a representative comments; the convener schedules the
meeting, records too few present — the vote is refused (no quorum) — then enough, and opens
the vote; two households vote yes; the count decides it and the minutes appear on the public
portal page; the decided work becomes a case that the unit handles and that is rated."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.cases.loop import POINT_A1, report
from tests.councils.council import build_council
from tests.e2e.browser_steps import log_in, log_out, open_action, status_text
from tests.world import PASSWORD
from tongxin.cases.models import Case
from tongxin.councils.models import Topic, WorkItem

pytestmark = pytest.mark.browser
TITLE = "小区门口早高峰占道停车"


def sign_in(page, username: str, then: str) -> None:
    """Any account (representatives are residents: they land on the portal)."""
    page.goto(f"/login/?next={then}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("form[action^='/login/'] button[type=submit]")
    page.goto(then)  # a resident may land on the portal first
    assert "/login/" not in page.url, page.url


def sign_out(page) -> None:
    page.context.clear_cookies()


def post(page, testid: str, button: str | None = None, **fields: str) -> None:
    form = page.locator(f"form[data-testid={testid}]")
    for name, value in fields.items():
        form.locator(f"[name={name}]").fill(value)
    target = form.locator(f"button[value={button}]") if button else form.locator(
        "button[type=submit]").first
    with page.expect_navigation():
        target.click()


def click(page, testid: str) -> None:
    with page.expect_navigation():
        page.locator(f"[data-testid={testid}]").click()


def status(page) -> str | None:
    return page.locator("[data-testid=status]").get_attribute("data-status")


def case_action(page, action: str, choose: dict[str, str] | None = None, **fields: str):
    form = open_action(page, action)
    for name, value in (choose or {}).items():
        form.locator(f"[name={name}]").select_option(value)
    for name, value in fields.items():
        form.locator(f"[name={name}]").fill(value)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def test_a_council_decides_and_its_case_is_handled_and_rated(page, e2e_world, shoot):
    w = e2e_world
    cw = build_council(w)
    cases = [report(w, title=TITLE, point=POINT_A1) for _ in range(3)]

    log_in(page, "street_a")
    page.goto("/councils/")
    post(page, "from-cases", case_numbers=", ".join(c.number for c in cases))
    topic = Topic.objects.get()
    assert set(topic.source_cases.all()) == set(cases)
    expect(page.locator("[data-testid=topic]")).to_contain_text(cases[2].number)
    click(page, "submit")
    assert status(page) == "vetting"
    shoot(page, "topic-from-cases")
    log_out(page)

    sign_in(page, "branch", f"/councils/{topic.pk}/")
    post(page, "vet", button="approve", note="属本网格议事范围")
    assert status(page) == "commenting"
    sign_out(page)
    sign_in(page, "rep4", f"/councils/{topic.pk}/")
    post(page, "comment", text="建议早七点到九点禁停")
    expect(page.locator("[data-testid=comments]")).to_contain_text("早七点到九点")
    sign_out(page)

    sign_in(page, "convener", f"/councils/{topic.pk}/")
    starts = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT19:00")
    post(page, "schedule", starts_at=starts, place="社区活动室", agenda="1. 情况 2. 表决")
    assert status(page) == "scheduled"
    attendance = page.locator("form[data-testid=attendance]")
    for name in ("rep1", "rep3", "convener"):
        attendance.locator(f"input[value='{cw.seats[name].pk}']").check()
    with page.expect_navigation():
        attendance.locator("button[type=submit]").click()
    with page.expect_navigation():
        page.locator("[data-testid=open-vote]").click()
    expect(page.locator(".flash-error")).to_be_visible()  # no quorum: 3 of 7, 5 needed
    assert status(page) == "scheduled"
    shoot(page, "no-quorum")
    attendance = page.locator("form[data-testid=attendance]")
    for name in ("rep4", "rep5"):
        attendance.locator(f"input[value='{cw.seats[name].pk}']").check()
    with page.expect_navigation():
        attendance.locator("button[type=submit]").click()
    click(page, "open-vote")
    assert status(page) == "voting"
    sign_out(page)

    for name in ("rep1", "rep3"):
        sign_in(page, name, f"/councils/{topic.pk}/")
        post(page, "vote", button="yes")
        sign_out(page)
    sign_in(page, "rep2", f"/councils/{topic.pk}/")  # rep1's household: no second ballot
    expect(page.locator("form[data-testid=vote]")).to_have_count(0)
    sign_out(page)

    sign_in(page, "convener", f"/councils/{topic.pk}/")
    click(page, "close-vote")
    assert status(page) == "decided"
    expect(page.locator("[data-testid=result]")).to_contain_text("2")
    post(page, "minutes-form", text="应到7人实到5人，2票赞成通过：早高峰门口禁停，网格员劝导。")
    sign_out(page)

    page.goto("/councils/minutes/")
    expect(page.locator("[data-testid=published]")).to_contain_text("早高峰门口禁停")
    shoot(page, "minutes-on-the-portal")

    log_in(page, "street_a")
    page.goto(f"/councils/{topic.pk}/")
    post(page, "work-item", title="东门早高峰禁停标识和劝导")
    case = WorkItem.objects.get(topic=topic).case
    page.goto(f"/cases/{case.pk}/")
    case_action(page, "register")
    case_action(page, "dispatch", choose={"lead_department": str(w.departments["zj"].pk)})
    log_out(page)
    log_in(page, "handler_zj")
    page.goto(f"/cases/{case.pk}/")
    case_action(page, "accept")
    case_action(page, "reply", note="已设置禁停标识，安排劝导")
    log_out(page)
    log_in(page, "street_a")
    page.goto(f"/cases/{case.pk}/")
    case_action(page, "verify_pass")
    form = open_action(page, "rate")
    form.locator("input[name=rating][value=satisfied]").check()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert status_text(page)
    assert Case.objects.get(pk=case.pk).rating == "satisfied"
    shoot(page, "work-item-rated")
    assert not page.js_errors  # type: ignore[attr-defined]
