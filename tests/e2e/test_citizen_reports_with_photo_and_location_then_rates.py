"""A citizen reports a broken street light from the portal on a phone — text (the category is
suggested while typing), a photo and the phone's location — follows it in "my cases" and,
once the city has handled it, rates the result."""

import pytest

from tests.e2e.browser_steps import tiny_png
from tests.e2e.mobile import sign_in
from tests.e2e.waiting import wait_until
from tests.frontline import handle
from tongxin.cases.models import Case

pytestmark = pytest.mark.browser


def test_citizen_reports_with_photo_and_location_then_rates(mobile, e2e_world, shoot, tmp_path):
    w = e2e_world
    _context, page = mobile()
    page.goto("/portal/")
    shoot(page, "portal-signed-out")
    sign_in(page, "citizen", "/portal/")

    page.fill("#r-text", "3号楼门口的路灯连续两晚不亮，晚上走路很危险")
    chip = page.locator("[data-suggest] .chip").first
    chip.wait_for()
    assert chip.inner_text() == "路灯照明"
    assert chip.get_attribute("aria-pressed") == "true"
    page.set_input_files("#r-photo", str(tiny_png(tmp_path / "light.png")))
    page.click("[data-locate]")
    wait_until(page, "document.querySelector('[data-lat]').value !== ''")
    shoot(page, "portal-report-form-full")
    page.evaluate("window.scrollTo(0, 0)")
    shoot(page, "portal-report-form", full_page=False)
    page.click("[data-submit]")
    result = page.locator("[data-result][data-number]")
    result.wait_for()
    number = result.get_attribute("data-number")
    shoot(page, "portal-report-sent")

    case = Case.objects.get(number=number)
    assert (case.channel, case.category, case.reporter_user) == (
        "portal", w.categories["light"], w.user("citizen"))
    assert (round(case.lat, 3), round(case.lng, 3)) == (34.05, 117.1)
    assert case.grid == w.grids["A1"]
    assert case.attachments.count() == 1
    assert case.reporter_name == "citizen"  # not anonymous: the city may call back
    assert Case.objects.count() == 1

    handle(w, case, result="已更换路灯灯泡，当晚恢复照明。")
    page.click("nav.m-tabs a[href='/portal/cases/']")
    page.locator(f"[data-case='{number}'] .cta").wait_for()
    shoot(page, "portal-my-cases")
    page.click(f"[data-case='{number}']")
    assert "已更换路灯灯泡" in page.inner_text("[data-testid=outcome]")
    assert "已派遣" not in page.inner_text("ol.steps")  # plain words, not workflow terms
    assert "已交由责任部门办理" in page.inner_text("ol.steps")
    shoot(page, "portal-case-closed", full_page=False)
    with page.expect_navigation():
        page.click("[data-rating=satisfied]")
    assert "满意" in page.inner_text("[data-testid=rating]")
    shoot(page, "portal-rated")

    case.refresh_from_db()
    assert case.rating == "satisfied"
    assert case.events.filter(action="rate", actor=w.user("citizen")).count() == 1
    assert page.js_errors == []
