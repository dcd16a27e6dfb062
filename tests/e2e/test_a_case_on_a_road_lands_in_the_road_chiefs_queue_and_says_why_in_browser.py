"""A street-light report on 建设路 inside the segment's buffer is dispatched by triage to the
road chief's unit; the road chief finds it in the queue, and the case page says why (the
segment and its chief). The road's public notice board shows the chief and the QR code."""

import pytest

from tests.areas.support import make_road
from tests.e2e.browser_steps import log_in
from tests.triage.helpers import report
from tongxin.cases.models import Status
from tongxin.triage.services import triage_new_cases

pytestmark = pytest.mark.browser


def test_the_road_chief_sees_the_case_and_why(page, e2e_world, shoot, settings, tmp_path):
    settings.TONGXIN_TRIAGE_ROUTING_MODEL = str(tmp_path / "no-model")  # rules only
    w = e2e_world
    road = make_road(w)
    case = report(w, "建设路中段路灯不亮已经三天了", description="晚上走路很危险",
                  lat=34.0503, lng=117.1, category=w.categories["light"])
    assert triage_new_cases()["auto"] == 1
    case.refresh_from_db()
    assert case.status == Status.DISPATCHED and case.lead_department == road.department

    page.goto("/")
    log_in(page, "roadchief")
    page.goto("/cases/")
    row = page.locator(f"text={case.number}")
    assert row.count() >= 1
    page.goto(f"/cases/{case.pk}/")
    body = page.locator("main").inner_text()
    assert "建设路（中段）" in body and "王强" in body
    assert "王强" in page.locator("[data-testid=area-reason]").inner_text()
    shoot(page, "road-chief-case")

    page.goto(f"/areas/{road.code}/notice/")
    assert page.locator("[data-testid=notice-area]").inner_text() == "建设路（中段）"
    assert page.locator("[data-testid=notice-qr] svg").count() == 1
    # The QR code's link: the portal's report form with its pin on the segment.
    href = page.locator("main a").last.get_attribute("href")
    assert href is not None and href.endswith(f"/portal/?area={road.code}")
    page.context.clear_cookies()  # a passer-by, not signed in
    page.goto(f"/portal/?anonymous=1&area={road.code}")
    page.wait_for_function("document.querySelector('[data-lat]').value !== ''")
    lat = float(page.locator("[data-lat]").first.input_value())
    assert abs(lat - 34.05) < 0.001  # on the road, within its 50 m buffer
    assert page.js_errors == []  # type: ignore[attr-defined]
