"""Browser tests: Debian's chromium driven by Playwright against pytest-django's live server.

The live server runs in another thread, so the data must be committed: `transactional_db`,
not `db`. It flushes the tables after each test, which also removes the time-limit policies a
data migration seeds, so the world fixture puts them back.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from tests.e2e.mobile import mobile  # noqa: F401  (the phone-sized context fixture)
from tests.world import World
from tongxin.live.stream import open_streams

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def e2e_world(committed_world) -> World:
    """The committed test world (see tests/conftest.py): the live server is another thread."""
    return committed_world


@pytest.fixture(autouse=True)
def live_streams_end_with_the_test(settings):
    """The live screens' event streams (tongxin.live) run in the live server's threads: short
    ones here, and waited out once the browser is gone, so none reads a database that the
    test has already flushed or dropped."""
    settings.TONGXIN_LIVE_STREAM_SECONDS = 5
    yield
    deadline = time.monotonic() + 10
    while open_streams() and time.monotonic() < deadline:
        time.sleep(0.1)


@pytest.fixture
def browser(monkeypatch):
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing; CI must run the browser tests")
        pytest.skip(f"{CHROMIUM} is not installed")
    # Playwright's sync API keeps an event loop in this thread; Django would then refuse the
    # test's own ORM calls as "async-unsafe". They are plain synchronous calls here.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    # The workbench is Chinese by default; a zh-CN browser matches a command center's desks.
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai",
        viewport={"width": 1440, "height": 900},
    )
    context.set_default_timeout(15_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.js_errors = errors  # type: ignore[attr-defined]
    yield tab
    context.close()


@pytest.fixture
def shoot(request):
    """Save a full-page screenshot to test-artifacts/<test name>/NN-<step>.png."""
    folder = ARTIFACTS / request.node.name
    shutil.rmtree(folder, ignore_errors=True)  # only this run's pictures, in step order
    folder.mkdir(parents=True)
    counter = iter(range(1, 100))

    def _shoot(page, step: str, full_page: bool = True) -> Path:
        path = folder / f"{next(counter):02d}-{step}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return _shoot
