"""A new hotline report is triaged by the worker job; the dispatcher reads the triage panel on
the case page and dispatches from the adjudication queue with one click."""

import pytest

from tests.e2e.browser_steps import log_in, status_text
from tests.triage.helpers import report
from tongxin.cases.models import Case, Status
from tongxin.triage.services import triage_new_cases

pytestmark = pytest.mark.browser


def test_triage_panel_and_one_click_dispatch(page, e2e_world, shoot, settings, tmp_path):
    settings.TONGXIN_TRIAGE_ROUTING_MODEL = str(tmp_path / "no-model")  # rules only
    w = e2e_world
    case = report(w, "小区停水两天", description="供水管道爆裂，楼里三天没水")
    assert triage_new_cases()["adjudicate"] == 1

    page.goto("/")
    log_in(page, "dispatcher")
    page.goto(f"/cases/{case.pk}/")
    panel = page.locator("[data-testid=triage-panel]")
    assert "区水务局" in panel.locator("[data-testid=triage-suggestions]").inner_text()
    assert "停水" in panel.locator("[data-testid=triage-urgency]").inner_text()
    assert status_text(page) == "研判中"
    shoot(page, "triage-panel")

    page.goto("/cases/?queue=adjudicating")
    shoot(page, "adjudication-queue")
    with page.expect_navigation():
        page.click("[data-testid=quick-dispatch-sw]")
    assert status_text(page) == "已派遣"
    case = Case.objects.get(pk=case.pk)
    assert case.status == Status.DISPATCHED and case.lead_department == w.departments["sw"]
    assert case.urgency == "urgent"
    assert page.js_errors == []  # type: ignore[attr-defined]
