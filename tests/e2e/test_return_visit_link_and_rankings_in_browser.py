"""A citizen opens the SMS rating link in a real browser and says 不满意: the case goes back
to the unit for rework. The leader then reads the scores and generates a monthly report."""

from datetime import date

import pytest

from tests.cases.loop import drive
from tests.e2e.browser_steps import log_in
from tongxin.cases.models import Case
from tongxin.cases.workflow import State
from tongxin.feedback.models import ReturnVisit
from tongxin.feedback.services import make_token, open_visits

pytestmark = pytest.mark.browser


def test_rating_link_reopens_and_leader_reads_scores(page, e2e_world, live_server, shoot):
    case = drive(e2e_world, State.CLOSED, reporter_phone="13800000000")
    open_visits(base_url=live_server.url)
    token = make_token(ReturnVisit.objects.get(case=case))

    page.goto(f"/feedback/rate/{token}/")
    shoot(page, "rating-form")
    page.check("input[name=rating][value=unsatisfied]")
    page.fill("textarea[name=comment]", "路灯还是不亮")
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert page.locator("[data-rated]").count() == 1
    assert Case.objects.get(pk=case.pk).status == State.IN_PROGRESS

    log_in(page, "leader")
    page.click("[data-nav=rankings]")
    page.wait_for_selector("table.metrics-total")
    assert page.locator("table.unit-ranking tbody tr").count() == 1
    assert "受理量" in page.inner_text("table.metrics-total")
    shoot(page, "rankings")

    page.click("[data-nav=reports]")
    page.select_option("#id_kind", "monthly")
    page.fill("#id_period", date.today().strftime("%Y-%m"))
    with page.expect_navigation():
        page.click("form[action$='/generate/'] button[type=submit]")
    assert page.locator("table.reports tbody tr").count() == 1
    with page.expect_download() as download:
        page.click("table.reports a[href$='/pdf/']")
    assert download.value.suggested_filename.endswith(".pdf")
    assert page.js_errors == []
