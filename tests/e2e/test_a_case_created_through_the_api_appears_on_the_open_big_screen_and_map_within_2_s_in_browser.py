"""Live screens: with the 大屏 and the map open in a browser, a case created through the API
appears on both within 2 s — pushed by the server-sent-event stream (static/js/live.js), not
by a page reload — and the queue's results are fetched again in place."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from tests.api.support import Api, case_body, token_for
from tests.e2e.browser_steps import log_in

pytestmark = pytest.mark.browser

WITHIN_MS = 2000


def test_a_new_case_reaches_the_open_big_screen_and_map_within_2_s(page, e2e_world, shoot):
    log_in(page, "dispatcher")
    page.goto("/analytics/screen/")
    page.wait_for_selector("#dashboard[data-loaded=true]")
    page.wait_for_selector("html[data-live=on]")
    map_page = page.context.new_page()
    map_page.goto("/analytics/map/")
    map_page.wait_for_selector("#case-map[data-loaded=true]")
    map_page.wait_for_selector("html[data-live=on]")
    queue = page.context.new_page()
    queue.goto("/cases/?queue=all")
    queue.wait_for_selector("html[data-live=on]")
    navigations: list[str] = []
    for tab in (page, map_page, queue):
        tab.on("framenavigated", lambda frame: navigations.append(frame.url))

    api = Api(token_for(e2e_world.user("operator")))
    started = time.monotonic()
    created = api.post("/cases", case_body(title="燃气泄漏 小区门口有燃气味"),
                       headers={"Idempotency-Key": "live-screen-0001"})
    assert created.status_code == 201, created.content
    number = created.json()["number"]

    expect(page.locator(f"[data-table=live] li[data-number='{number}']")).to_be_visible(
        timeout=WITHIN_MS)
    on_screen = time.monotonic() - started
    expect(map_page.locator("#case-map")).to_have_attribute(
        "data-live-numbers", number, timeout=WITHIN_MS)
    on_map = time.monotonic() - started
    assert on_screen < 2 and on_map < 2, (on_screen, on_map)
    assert map_page.locator(".live-marker").count() == 1
    expect(queue.locator("#results")).to_contain_text(number, timeout=WITHIN_MS + 1000)
    assert navigations == [], "no page was reloaded"
    assert page.js_errors == []
    print(f"SSE latency: big screen {on_screen * 1000:.0f} ms, map {on_map * 1000:.0f} ms")
    shoot(page, "big-screen-live-feed", full_page=False)

