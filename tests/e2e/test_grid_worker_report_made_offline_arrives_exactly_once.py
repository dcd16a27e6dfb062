"""A grid worker patrols, loses the connection, reports a problem with a photo, and comes
back online: the queued report arrives exactly once — even when the first answer is lost on
the way back (the app resends with the same Idempotency-Key)."""

import re

import pytest

from tests.e2e.browser_steps import tiny_png
from tests.e2e.mobile import sign_in
from tests.e2e.waiting import wait_until
from tongxin.cases.models import Case
from tongxin.fieldapp.models import Patrol
from tongxin.intake.models import IdempotencyRecord

pytestmark = pytest.mark.browser


def test_grid_worker_report_made_offline_arrives_exactly_once(mobile, e2e_world, shoot,
                                                               tmp_path):
    w = e2e_world
    # page.route does not see requests a service worker handles; this test needs the route.
    context, page = mobile(service_workers="block")
    sign_in(page, "grid_a1", "/field/")
    page.wait_for_selector("[data-patrol-start]")

    page.click("[data-patrol-start]")
    page.locator("[data-patrol-state][data-points='1']").wait_for()
    context.set_geolocation({"latitude": 34.06, "longitude": 117.11})
    page.locator("[data-patrol-state][data-points='2']").wait_for()  # the worker walked on
    shoot(page, "field-patrolling")

    context.set_offline(True)
    page.wait_for_selector(".net-status.is-offline")
    page.fill("#f-text", "A1网格小区门口井盖破损，有行人踩空风险")
    page.set_input_files("#f-photo", str(tiny_png(tmp_path / "cover.png")))
    wait_until(page, "document.querySelector('[data-lat]').value !== ''")
    page.click("#report button[type=submit]")
    page.locator("[data-outbox-item=report]").wait_for()
    page.click("[data-patrol-stop]")
    page.locator("[data-outbox-item=patrol_stop]").wait_for()
    shoot(page, "field-offline-queued")
    page.locator("#outbox").scroll_into_view_if_needed()
    shoot(page, "field-offline-outbox", full_page=False)
    assert Case.objects.count() == 0

    # The first create reaches the server, but its answer is lost on the way back.
    lost = []

    def lose_first_answer(route):
        if not lost:
            route.fetch()  # the server stores the case
            lost.append(True)
            route.abort("connectionfailed")
        else:
            route.continue_()

    page.route(re.compile(r".*/api/v1/cases$"), lose_first_answer)
    context.set_offline(False)
    wait_until(page, "() => !document.querySelector('.net-status.is-offline')")
    wait_until(page, "window.__flushed = window.Outbox.flush(); true")
    result = page.locator("[data-result][data-number]")
    for _ in range(3):  # retry the outbox until the report is confirmed
        if result.count():
            break
        page.evaluate("window.Outbox.flush()")
        page.wait_for_timeout(700)
    result.wait_for()
    page.locator("[data-outbox-empty]:not([hidden])").wait_for()
    shoot(page, "field-back-online-sent")

    assert lost == [True]
    cases = list(Case.objects.all())
    assert len(cases) == 1  # exactly once
    case = cases[0]
    assert (case.channel, case.grid) == ("grid", w.grids["A1"])
    assert case.attachments.count() == 1
    assert IdempotencyRecord.objects.filter(case=case).count() == 1
    assert result.get_attribute("data-number") == case.number

    patrol = Patrol.objects.get(worker=w.user("grid_a1"))
    assert patrol.ended_at is not None
    assert patrol.points.count() == 2
    assert 1000 < patrol.distance_m < 1600  # 0.01° north and east ≈ 1.45 km
    assert page.js_errors == []
