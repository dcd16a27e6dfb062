"""The command-center map after zooming: every request it makes goes to its own endpoints
(with the hotspot layer on, as by default), none gets a 404 or an HTML page, and the clusters
and hotspots refresh at each zoom level. Issue 27 item 1: the hexagon count was written over
the hexagon endpoint's URL, so the first "+" asked for /analytics/map/71?zoom=14."""

import pytest
from playwright.sync_api import expect

from tests.analytics.helpers import mixed_cases
from tests.cases.loop import report
from tests.e2e.browser_steps import log_in

pytestmark = pytest.mark.browser


def test_map_keeps_refreshing_after_each_zoom(page, e2e_world):
    mixed_cases(e2e_world)
    for i in range(6):
        report(e2e_world, point=(34.02 + i * 0.02, 117.05 + i * 0.04), title="占道经营")
    log_in(page, "dispatcher")
    failed: list[str] = []
    asked: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("request", lambda r: asked.append(r.url) if "/analytics/" in r.url else None)

    page.click("[data-nav=map]")
    page.wait_for_selector("#case-map[data-loaded=true]")
    hexes_url = page.get_attribute("#case-map", "data-hexes")
    assert hexes_url and hexes_url.startswith("/analytics/")
    assert page.locator("input[name=hexes]").is_checked()

    status = page.locator("[data-role=map-status]")
    for _ in range(3):
        before = len(asked)
        with page.expect_response(lambda r: "/api/hexes.json?" in r.url):
            page.click(".leaflet-control-zoom-in")
        expect(status).not_to_have_text("…")
        assert len(asked) > before
        assert page.get_attribute("#case-map", "data-error") is None
        assert "JSON" not in status.inner_text()
        # The endpoint stays an endpoint; the count lives in its own attribute.
        assert page.get_attribute("#case-map", "data-hexes") == hexes_url
        assert page.get_attribute("#case-map", "data-hex-count").isdigit()

    assert failed == [], failed
    zoomed = {u.split("?")[0].rsplit("/", 1)[1] for u in asked if "zoom=" in u}
    assert zoomed == {"points.json", "hexes.json"}, zoomed
    assert page.js_errors == []
