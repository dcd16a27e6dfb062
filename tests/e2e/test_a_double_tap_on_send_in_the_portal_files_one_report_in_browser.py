"""A double tap on 提交 in the citizen portal files one complaint, not two: the draft has one
Idempotency-Key from the moment it is started until it is queued, so a second tap (or a
second submit of the same draft while the first is being stored) is the same outbox item
and the same case on the server. Issue 27 item 3."""

import pytest
from playwright.sync_api import expect

from tests.e2e.mobile import sign_in
from tongxin.cases.models import Case

pytestmark = pytest.mark.browser


def test_a_double_tap_on_send_files_one_report(mobile, e2e_world):
    _context, page = mobile()
    sign_in(page, "citizen", "/portal/")
    page.fill("#r-text", "小区门口的井盖松动了，车一过就响，晚上很吵")
    page.dblclick("[data-submit]")
    result = page.locator("[data-result][data-number]")
    result.wait_for()
    expect(page.locator("[data-outbox-count]")).to_have_text("")
    assert Case.objects.count() == 1

    # Two submits of the same draft at once, faster than any finger.
    page.fill("#r-text", "楼下烧烤店油烟很大，窗户都不敢开")
    page.evaluate("""() => { const f = document.querySelector('[data-report-form]');
                             f.requestSubmit(); f.requestSubmit(); }""")
    expect(result).not_to_have_attribute("data-number", Case.objects.get().number)
    expect(page.locator("[data-outbox-count]")).to_have_text("")
    assert Case.objects.count() == 2
    assert page.js_errors == []
