"""The queue page in a real browser with a realistic caseload: tabs carry counts, the filter
form reloads only the result list (htmx) and pushes the filters into the address bar, the
pager pages through 20 cases at a time, the case page shows a long timeline, English is
one click away, and a phone-sized screen still works."""

import pytest

from tests.e2e.browser_steps import log_in
from tests.e2e.realistic import seed

pytestmark = pytest.mark.browser


def rows(page) -> int:
    return page.locator("table.cases tbody tr").count()


def test_queue_page_filters_with_htmx_in_browser(page, e2e_world, shoot):
    cases = seed(e2e_world)
    log_in(page, "dispatcher")

    page.click("[data-queue=all]")
    total = int(page.inner_text("[data-queue=all] .count"))
    assert total > 20
    assert rows(page) == 20
    shoot(page, "queue-all")
    shoot(page, "queue-all-first-screen", full_page=False)  # the README picture

    # The pager swaps the list in place and records the page in the address bar.
    page.click("a[rel=next]")
    page.wait_for_url("**page=2**")
    assert rows(page) == total - 20

    # A filter change reloads only the results; the sidebar is the same element as before.
    page.evaluate("document.querySelector('aside.sidebar').dataset.marker = 'kept'")
    with page.expect_response(lambda r: "status=in_progress" in r.url):
        page.select_option("#id_status", "in_progress")
    page.wait_for_url("**status=in_progress**")
    assert page.evaluate("document.querySelector('aside.sidebar').dataset.marker") == "kept"
    badges = page.locator("table.cases tbody .badge.status-in_progress").count()
    assert badges == rows(page) > 0

    # Reloading the pushed URL gives the same filtered list as a full page.
    page.reload()
    assert page.locator("#id_status").input_value() == "in_progress"
    assert page.locator("table.cases tbody .badge.status-in_progress").count() == rows(page)

    page.goto("/cases/?queue=reported")
    shoot(page, "queue-reported")

    page.goto(f"/cases/{cases['history'].pk}/")
    assert page.locator("[data-testid=timeline] .tl-item").count() == 12
    shoot(page, "case-with-long-history")

    # The language switch returns to the same page, in English.
    with page.expect_navigation():
        page.click(".topbar .lang-switch button[value=en]")
    assert page.url.endswith(f"/cases/{cases['history'].pk}/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Timeline" in page.inner_text("main")
    shoot(page, "case-in-english")

    # A phone-sized screen still shows the queue (sidebar folds into a top strip).
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/cases/?queue=all")
    assert page.locator("table.cases").is_visible()
    shoot(page, "queue-on-a-phone")
    assert page.js_errors == []
