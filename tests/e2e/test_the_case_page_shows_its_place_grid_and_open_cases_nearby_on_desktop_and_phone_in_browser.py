"""The place on the case page: a small map (the self-hosted Leaflet, no tiles) with the
case's point, its grid's outline and the open cases nearby — a closed case and one far away
are not among them — on a desktop screen and on a phone."""

from __future__ import annotations

import pytest

from tests.cases.loop import report
from tests.e2e.browser_steps import log_in
from tests.e2e.mobile import sign_in
from tongxin.cases.models import Case, Status

pytestmark = pytest.mark.browser


@pytest.fixture
def neighbourhood(e2e_world):
    case = report(e2e_world, point=(34.05, 117.1), title="路灯不亮")
    near = [report(e2e_world, point=(34.052, 117.101), title="占道经营"),
            report(e2e_world, point=(34.049, 117.098), title="井盖缺失")]
    closed = report(e2e_world, point=(34.051, 117.1), title="垃圾清运")
    Case.objects.filter(pk=closed.pk).update(status=Status.CLOSED)
    report(e2e_world, point=(34.15, 117.3), title="远处的案件")  # another street
    return case, near


def check_the_map(page, case, near) -> None:
    page.goto(f"/cases/{case.pk}/")
    page.wait_for_selector("#case-place-map[data-loaded=true]")
    assert page.get_attribute("#case-place-map", "data-nearby") == str(len(near))
    assert page.get_attribute("#case-place-map", "data-grid") == "true"
    assert page.locator("#case-place-map path.case-point").count() == 1
    assert page.locator("#case-place-map path.nearby-case").count() == len(near)
    assert page.locator(".leaflet-tile").count() == 0
    box = page.locator("#case-place-map").bounding_box()
    assert box["width"] > 150 and box["height"] > 150
    assert box["x"] + box["width"] <= page.viewport_size["width"] + 1
    page.locator("#case-place-map path.nearby-case").first.dispatch_event("click")
    href = page.locator(".leaflet-popup a.case-link").get_attribute("href")
    assert href in {f"/cases/{c.pk}/" for c in near}
    assert page.js_errors == []


def test_the_case_page_shows_the_place_on_a_desktop(page, neighbourhood, shoot):
    case, near = neighbourhood
    log_in(page, "dispatcher")
    check_the_map(page, case, near)
    shoot(page, "case-place-desktop", full_page=False)


def test_the_case_page_shows_the_place_on_a_phone(mobile, neighbourhood, shoot):
    case, near = neighbourhood
    _context, phone = mobile()
    sign_in(phone, "dispatcher", f"/cases/{case.pk}/")
    check_the_map(phone, case, near)
    shoot(phone, "case-place-phone", full_page=False)
