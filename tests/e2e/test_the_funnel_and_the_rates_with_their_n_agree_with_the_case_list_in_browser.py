"""On the dashboard in a browser the funnel is one cohort (立案 ≥ 办结 ≥ 评价 ≥ 满意), every
stage opens the case list showing as many cases as the stage says, and 办结率 and 满意率
show their base n — the case list's counts of registered and of rated cases for the same
dates."""

from __future__ import annotations

import re

import pytest

from tests.analytics.helpers import mixed_cases
from tests.e2e.browser_steps import log_in
from tongxin.analytics.stats import rebuild

pytestmark = pytest.mark.browser


def listed(page) -> int:
    return int(page.get_attribute("[data-results-count]", "data-results-count"))


def test_the_funnel_and_the_rates_agree_with_the_case_list(page, e2e_world):
    mixed_cases(e2e_world)
    rebuild()
    log_in(page, "dispatcher")
    page.goto("/analytics/")
    page.wait_for_selector("#dashboard[data-loaded=true]")
    stages = page.locator("[data-table=funnel] li")
    counts = {stages.nth(i).get_attribute("data-stage"): int(stages.nth(i).get_attribute(
        "data-count")) for i in range(stages.count())}
    assert list(counts) == ["received", "registered", "closed", "rated", "satisfied"]
    assert list(counts.values()) == sorted(counts.values(), reverse=True)
    assert counts["registered"] > counts["closed"] > 0
    closure = page.locator("[data-base=closure_rate]")
    satisfaction = page.locator("[data-base=satisfaction_rate]")
    closure_n, satisfaction_n = closure.get_attribute("data-n"), satisfaction.get_attribute(
        "data-n")
    satisfied = satisfaction.get_attribute("data-numerator")
    assert re.search(rf"\b{closure_n}\b", closure.inner_text())
    assert re.search(rf"\b{satisfaction_n}\b", satisfaction.inner_text())
    shown = page.inner_text("[data-kpi=closure_rate]")
    assert shown == f"{counts['closed'] / counts['registered'] * 100:.1f}%"
    cohort = page.inner_text("[data-role=cohort]")
    assert cohort

    for stage, count in counts.items():
        page.goto("/analytics/")
        page.wait_for_selector("#dashboard[data-loaded=true]")
        with page.expect_navigation():
            page.click(f"[data-table=funnel] li[data-stage={stage}] a")
        assert listed(page) == count, stage
        if stage == "registered":
            assert listed(page) == int(closure_n)
    since, until = re.findall(r"\d{4}-\d{2}-\d{2}", cohort)
    page.goto(f"/cases/?queue=all&date_from={since}&date_to={until}&rating=rated")
    assert listed(page) == int(satisfaction_n) > 0
    page.goto(f"/cases/?queue=all&date_from={since}&date_to={until}&rating=satisfied")
    assert listed(page) == int(satisfied)
    assert page.js_errors == []
