"""A phone-sized browser context for the front-line apps (portal, hotline, field app)."""

from __future__ import annotations

import pytest

from tests.world import PASSWORD

PHONE = {"width": 390, "height": 844}
# Inside grid A1 of the test world (lng 117.0–117.2, lat 34.0–34.1).
HERE = {"latitude": 34.05, "longitude": 117.1, "accuracy": 8}


@pytest.fixture
def mobile(browser, live_server):
    """Factory: a new phone context (geolocation granted) and its page."""
    contexts = []

    def _open(**options):
        context = browser.new_context(
            base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai",
            viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
            geolocation=HERE, permissions=["geolocation"], **options,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        tab.js_errors = errors  # type: ignore[attr-defined]
        return context, tab

    yield _open
    for context in contexts:
        context.close()


def sign_in(page, username: str, next_url: str) -> None:
    page.goto(f"/login/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("form[action='/login/'] button[type=submit]")
