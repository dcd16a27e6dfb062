"""Under the strict Content-Security-Policy the workbench pages load without a single CSP
violation in chromium, htmx filtering still works, and the reveal button shows the contact."""

import pytest

from tests.e2e.browser_steps import log_in
from tests.workbench.conftest import make_case

pytestmark = pytest.mark.browser


def test_no_csp_violations_and_htmx_and_reveal_work(e2e_world, page):
    case = make_case(e2e_world, state="dispatched")
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text)
            if "Content Security Policy" in msg.text else None)
    log_in(page, "dispatcher")
    page.goto("/cases/?queue=all")
    page.fill("#id_q", "路灯")
    page.press("#id_q", "Enter")
    page.wait_for_load_state("networkidle")
    assert case.number in page.inner_text("#results")
    page.goto(f"/cases/{case.pk}/")
    assert "138****5678" in page.inner_text("[data-testid=reporter-phone]")
    page.click("[data-testid=reveal-contact]")
    assert page.inner_text("[data-testid=reporter-phone]") == "13812345678"
    assert violations == [] and page.js_errors == []
