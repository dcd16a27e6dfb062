"""Chinese dates whatever the browser's locale: in a zh-Hans page opened by an en-US
browser, a day input shows and takes 2026-12-03 (never mm/dd/yyyy), refuses 12/03/2026 with
a clear message, and a month input shows 2026年12月 and takes it; in English the month is
2026-12."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.world import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def english_browser(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-US",
                                  timezone_id="America/New_York",
                                  viewport={"width": 1440, "height": 900})
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()


def sign_in(page, username: str) -> None:
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form[action^='/login/'] button[type=submit]")
    page.wait_for_load_state()


def test_a_zh_hans_day_input_shows_yyyy_mm_dd_in_an_english_browser(english_browser, e2e_world):
    page = english_browser
    sign_in(page, "dispatcher")
    page.goto("/cases/?queue=all&date_from=2026-12-03")
    assert page.get_attribute("html", "lang") == "zh-hans"
    day = page.locator("#id_date_from")
    assert day.get_attribute("type") == "text"
    assert day.get_attribute("placeholder") == "yyyy-mm-dd"
    assert day.input_value() == "2026-12-03"
    day.fill("12/03/2026")
    assert day.evaluate("el => el.validity.valid") is False
    message = day.evaluate("el => el.validationMessage")
    assert "yyyy-mm-dd" in message and message == day.get_attribute("title")
    day.fill("2026-12-04")
    assert day.evaluate("el => el.validity.valid") is True
    # The map's period filters, and the extension form's deadline, follow the same rule.
    page.goto("/analytics/map/")
    assert page.get_attribute("#map-filters [name=since]", "placeholder") == "yyyy-mm-dd"
    assert page.locator("input[type=date], input[type=month], "
                        "input[type=datetime-local]").count() == 0


def test_a_zh_hans_month_input_shows_2026年12月_and_takes_it(english_browser, e2e_world):
    page = english_browser
    sign_in(page, "leader")
    page.goto("/scoring/rankings/")
    month = page.locator("#id_month")
    today = timezone.localdate()
    assert month.get_attribute("type") == "text"
    assert month.input_value() == f"{today.year}年{today.month}月"
    month.fill("2026年11月")
    page.click("form.toolbar button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#id_month").input_value() == "2026年11月"

    page.goto("/supervision/red-list/?month=2026年10月")
    assert page.locator("#id_month").input_value() == "2026年10月"


def test_in_english_the_month_is_written_2026_12(english_browser, e2e_world):
    page = english_browser
    sign_in(page, "leader")
    host = page.url.split("/")[2].split(":")[0]
    page.context.add_cookies([{"name": "django_language", "value": "en", "domain": host,
                               "path": "/"}])
    page.goto("/scoring/rankings/?month=2026-11")
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("#id_month").input_value() == "2026-11"
    assert page.get_attribute("#id_month", "placeholder") == "yyyy-mm"
