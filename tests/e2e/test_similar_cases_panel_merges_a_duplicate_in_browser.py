"""The similar-cases panel in a real browser: the street dispatcher opens a new report, sees
the open case of the same problem with its reasons, merges the new report into it, and the
merged case then points to its master."""

import pytest

from tests.e2e.browser_steps import log_in, status_text
from tongxin.cases.services import NewCase, create_case

pytestmark = pytest.mark.browser

LAMP = {"title": "幸福路128号路灯不亮", "description": "晚上一片漆黑，行人摔倒"}


def test_similar_cases_panel_merges_a_duplicate_in_browser(page, e2e_world, shoot):
    w = e2e_world
    operator = w.user("operator")
    first = create_case(actor=operator, new=NewCase(
        channel="hotline", lat=34.0500, lng=117.1000, **LAMP))
    second = create_case(actor=operator, new=NewCase(
        channel="hotline", lat=34.0501, lng=117.1002, **LAMP))

    page.goto("/")
    log_in(page, "street_a")
    page.goto(f"/cases/{second.pk}/")
    panel = page.locator("[data-testid=similar-cases]")
    candidate = panel.locator(f"li[data-case='{first.number}']")
    assert "文字相似" in candidate.inner_text() and "米" in candidate.inner_text()
    shoot(page, "similar-panel")

    with page.expect_navigation():
        candidate.get_by_role("button", name="将本案合并到该案").click()
    assert status_text(page) == "已结案"
    assert first.number in page.inner_text("[data-testid=merged-into]")
    shoot(page, "merged")
    assert page.js_errors == []  # type: ignore[attr-defined]
