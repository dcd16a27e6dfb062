"""The command center in a real browser, offline: the map draws the region polygons on a
plain background (no tile server configured), case clusters and the hotspot hexagons, zooms
in to single cases that link to the case page; the dashboard and the big screen draw their
ECharts charts from the JSON endpoints. Screenshots go to test-artifacts/."""

import re

import pytest
from playwright.sync_api import expect

from tests.analytics.helpers import mixed_cases
from tests.cases.loop import local, report
from tests.e2e.browser_steps import log_in
from tests.e2e.realistic import seed
from tongxin.analytics.stats import rebuild

pytestmark = pytest.mark.browser


def drawn_charts(page) -> int:
    # An ECharts chart renders into a canvas inside its container once it has data.
    return page.locator(".chart canvas").count()


# Late in a month, so the seed's closures of the last weeks fall in "this month" and fill the
# unit ranking; the wall clock is pinned for the live server too, not only for the seed.
LATE_IN_A_MONTH = local(2026, 11, 28, 10)


def test_command_center_map_and_dashboard_in_browser(page, e2e_world, shoot, time_machine):
    time_machine.move_to(LATE_IN_A_MONTH, tick=True)
    seed(e2e_world)  # a realistic caseload for the charts (located by address only)
    mixed_cases(e2e_world)  # cases with a GPS position in both streets
    for i in range(8):
        report(e2e_world, point=(34.02 + i * 0.02, 117.05 + i * 0.04), title="占道经营")
    rebuild()
    log_in(page, "dispatcher")
    # Offline: every request must stay on the live server.
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url)
            if not r.url.startswith(page.url.split("/", 3)[0] + "//" + page.url.split("/")[2])
            and not r.url.startswith("data:") else None)

    page.click("[data-nav=map]")
    page.wait_for_selector("#case-map[data-loaded=true]")
    assert page.locator("#case-map.no-tiles").count() == 1
    assert page.locator(".leaflet-tile").count() == 0
    assert int(page.get_attribute("#case-map", "data-polygons")) >= 4
    hexagons = int(page.get_attribute("#case-map", "data-hex-count"))
    assert hexagons >= 1
    # Drawn as SVG paths: the two street outlines (communities appear when zoomed in) and
    # the hotspot hexagons.
    assert page.locator(".leaflet-overlay-pane svg path").count() == 2 + hexagons
    assert page.get_attribute("#case-map", "data-mode") == "clusters"
    assert page.locator(".case-cluster").count() >= 1
    shoot(page, "map-clusters-and-hotspots", full_page=False)

    # Zoomed in, single cases appear and open their case page.
    page.locator(".case-cluster").first.click()
    # Locator waits: polling a string predicate needs eval, which the strict CSP forbids.
    expect(page.locator("#case-map[data-mode=points], .case-cluster").first).to_be_attached()
    page.select_option("select[name=status]", "open")
    expect(page.locator("[data-role=map-status]")).not_to_have_text(re.compile(r"^…"))
    shoot(page, "map-open-cases", full_page=False)

    page.click("[data-nav=dashboard]")
    page.wait_for_selector("#dashboard[data-loaded=true]")
    assert drawn_charts(page) == 6
    assert page.inner_text("[data-kpi=received]") not in ("", "—")
    assert page.locator("[data-table=units] tbody tr").count() >= 1
    shoot(page, "dashboard")

    page.click("[data-nav=screen]")
    page.wait_for_selector("#dashboard[data-loaded=true]")
    assert drawn_charts(page) == 6
    shoot(page, "big-screen", full_page=False)

    assert outside == [], outside
    assert page.js_errors == []
