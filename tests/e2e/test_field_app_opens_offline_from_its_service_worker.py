"""Installed once, the field app opens with the network unplugged: its service worker serves
the page and the self-hosted assets (Leaflet included) from its cache."""

import pytest

from tests.e2e.mobile import sign_in

pytestmark = pytest.mark.browser

CACHED = """async () => {
  const cache = await caches.open('tx-field-v1');
  return !!(await cache.match('/field/')) && !!navigator.serviceWorker.controller;
}"""


def test_field_app_opens_offline_from_its_service_worker(mobile, e2e_world, shoot):
    context, page = mobile()
    sign_in(page, "grid_a1", "/field/")
    page.wait_for_selector("[data-patrol-start]")
    page.wait_for_function(CACHED, polling=200)
    # A second visit is one the worker controls from the start, as after installing the app.
    # Going offline before the worker answers navigations itself would test nothing (and
    # under load Chromium can take a moment to route them through it).
    for _attempt in range(20):
        response = page.goto("/field/")
        if response is not None and response.from_service_worker:
            break
        page.wait_for_timeout(250)
    else:
        pytest.fail("the service worker never answered the navigation")
    page.wait_for_function(CACHED, polling=200)

    context.set_offline(True)
    page.goto("/field/")
    page.wait_for_selector("[data-patrol-start]")
    assert page.evaluate("typeof window.L") == "object"  # Leaflet came from the cache
    assert page.evaluate("typeof window.Outbox") == "object"
    page.wait_for_selector(".net-status.is-offline")
    shoot(page, "field-opened-offline", full_page=False)
    assert page.js_errors == []
