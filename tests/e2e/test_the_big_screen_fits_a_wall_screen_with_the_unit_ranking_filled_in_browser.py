"""The 大屏 on a wall screen: at 1920×1080 and at 3840×2160 the page is exactly the screen —
every panel (figures, six charts, the unit ranking, overdue cases, warnings) lies above the
fold — and the 承办单位排名 is filled from the scores page's definitions (tongxin.scoring),
in Chinese and in English, early in a month too. Issue 27 item 6."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.cases.loop import drive
from tests.world import PASSWORD
from tongxin.analytics.stats import rebuild
from tongxin.cases.models import Case
from tongxin.cases.workflow import State
from tongxin.scoring.metrics import compute
from tongxin.scoring.periods import aware
from tongxin.scoring.scores import unit_ranking

pytestmark = pytest.mark.browser

PANELS = "#dashboard .kpi, #dashboard .panel"
SCREENS = [((1920, 1080), "zh-CN"), ((3840, 2160), "en-US")]


@pytest.fixture
def caseload(e2e_world):
    for state in (State.CLOSED, State.CLOSED, State.IN_PROGRESS, State.DISPATCHED):
        drive(e2e_world, state)
    rebuild()  # the figures read the daily summary; the ranking reads the cases
    return e2e_world


@pytest.mark.parametrize(("size", "locale"), SCREENS, ids=["1920x1080", "3840x2160-en"])
def test_every_panel_is_above_the_fold_and_the_ranking_is_filled(browser, live_server, caseload,
                                                                  size, locale, shoot):
    width, height = size
    context = browser.new_context(base_url=live_server.url, locale=locale,
                                  timezone_id="Asia/Shanghai",
                                  viewport={"width": width, "height": height})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto("/login/?next=/analytics/screen/")
    page.fill("#id_username", "leader")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("form[action^='/login/'] button[type=submit]")
    page.wait_for_selector("#dashboard[data-loaded=true]")
    shoot(page, f"big-screen-{width}x{height}", full_page=False)

    assert page.evaluate("document.documentElement.scrollHeight") <= height
    boxes = page.locator(PANELS).evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return [r.top, r.bottom, r.right, r.height]; })")
    # figures (with urgent cases awaiting adjudication), charts; ranking, overdue, live feed,
    # urgent cases in adjudication, the mediation centre, the sensors, warnings
    assert len(boxes) == 8 + 6 + 7
    for top, bottom, right, box_height in boxes:
        assert top >= 0 and bottom <= height + 0.5 and right <= width + 0.5
        assert box_height > height * 0.05  # a panel, not a squeezed line
    assert page.locator(".chart canvas").count() == 6

    rows = page.locator("[data-table=units] tbody tr")
    expect(rows.first).to_be_visible()
    ranked = unit_ranking(Case.objects.all(), **scores_period())
    assert rows.count() == len(ranked) >= 1
    first = rows.first.locator("td").all_inner_texts()
    assert first[0] == "1" and first[2] == str(ranked[0]["received"])
    assert errors == []
    context.close()


def scores_period() -> dict:
    """This month so far, as the dashboard's default period and the scores page count it."""
    today = timezone.localdate()
    first = today.replace(day=1)
    return {"start": aware(first), "end": aware(today + timedelta(days=1)),
            "as_of": timezone.now(), "month": first}


def test_the_ranking_uses_the_scoring_metrics(caseload):
    # The figures shown are the scoring module's own for the same cohort.
    rows = compute(Case.objects.all(), dimension="unit", **{
        k: v for k, v in scores_period().items() if k != "month"})
    assert rows and all(r["received"] >= 1 for r in rows)
