"""The big screen's clock and the dashboard's "updated" time are the platform's time
(Asia/Shanghai), whatever time zone the browser runs in: a wall screen set to UTC or a
laptop in New York shows the command center's time. Issue 27 item 8."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.world import PASSWORD

pytestmark = pytest.mark.browser

SHANGHAI = ZoneInfo("Asia/Shanghai")


def signed_in(browser, live_server, zone: str, path: str):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", timezone_id=zone,
                                  viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto(f"/login/?next={path}")
    page.fill("#id_username", "leader")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("form[action^='/login/'] button[type=submit]")
    page.wait_for_selector("#dashboard[data-loaded=true]")
    return context, page


def hours_shown(text: str) -> int:
    return int(text.strip().split(" ")[-1].split(":")[0])


def near_shanghai_hour() -> set[int]:
    # Read around an hour's turn, the page and the test may see neighbouring hours; the
    # browser's own zones here are 8 and 13 hours away.
    hour = datetime.now(SHANGHAI).hour
    return {(hour - 1) % 24, hour, (hour + 1) % 24}


@pytest.mark.parametrize("zone", ["America/New_York", "UTC"])
def test_clocks_show_shanghai_time(browser, live_server, e2e_world, zone):
    context, page = signed_in(browser, live_server, zone, "/analytics/screen/")
    clock = page.locator("[data-role=clock]")
    expect(clock).not_to_be_empty()
    assert hours_shown(clock.inner_text()) in near_shanghai_hour()
    updated = page.locator("[data-role=updated]").inner_text()
    assert hours_shown(updated) in near_shanghai_hour()
    context.close()

    context, page = signed_in(browser, live_server, zone, "/analytics/")
    updated = page.locator("[data-role=updated]").inner_text()
    assert hours_shown(updated) in near_shanghai_hour()
    context.close()
