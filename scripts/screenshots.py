"""`make screenshots`: (re)generate docs/screenshots/<account>-<page>-{desktop,phone}.png for
every demo role, at 1440×900 and 390×844.

A fresh demo in a temporary directory (its own SQLite database, keys, media and routing
model: the developer's var/ is never read or written), served by the project's own server
(`tongxin serve`, gunicorn) on a free port, photographed with Playwright driving Debian's
chromium (/usr/bin/chromium, headless). The pictures are reduced to 256 colours so the
repository stays small. Run from the repository root: `.venv/bin/python scripts/screenshots.py
[--only ACCOUNT ...]`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "tongxin-demo"
SIZES = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}


@dataclass(frozen=True)
class Shot:
    name: str
    path: str  # "" = where the account lands after signing in
    # What to do on the page before the picture (type into the console, open a panel …).
    prepare: Callable | None = None


@dataclass(frozen=True)
class Role:
    account: str
    shots: tuple[Shot, ...] = field(default_factory=lambda: (Shot("home", ""),))


def console_answers(page) -> None:
    """The hotline console with a caller's question typed: the knowledge base answers."""
    page.fill("#c-phone", "13800001234")
    page.fill("#c-title", "暖气不热，室温只有十五度")
    page.wait_for_selector("[data-kb] li[data-article]", timeout=10_000)


def first_case(page) -> None:
    """The first case of the queue: its page with the map of the place."""
    href = page.locator("#results a[href^='/cases/']").first.get_attribute("href")
    page.goto(href)
    page.wait_for_load_state("load")


def last_month() -> str:
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date().replace(day=1)
    return (today - timedelta(days=1)).strftime("%Y-%m")


ROLES: tuple[Role, ...] = (
    Role("citizen", (Shot("home", ""), Shot("board", "/portal/board/"))),
    Role("grid", (Shot("home", ""), Shot("callbacks", "/feedback/callbacks/"))),
    Role("operator", (Shot("console", "", console_answers),
                      Shot("callbacks", "/feedback/callbacks/"))),
    Role("dispatcher", (Shot("queue", ""), Shot("case", "", first_case),
                        Shot("map", "/analytics/map/"))),
    Role("street_dispatcher", (Shot("queue", ""),)),
    Role("handler", (Shot("queue", ""), Shot("kb", "/hotline/kb/"))),
    Role("supervisor", (Shot("queue", ""), Shot("red-list", "/supervision/red-list/"),
                        Shot("red-list-last-month", f"/supervision/red-list/?month={last_month()}"),
                        Shot("overdue", "/supervision/overdue/"))),
    Role("leader", (Shot("dashboard", ""), Shot("rankings", "/scoring/rankings/"))),
    Role("roadchief", (Shot("queue", ""),)),
    Role("police", (Shot("home", ""),)),
    Role("police_block1", (Shot("queue", ""),)),
    Role("wuye_anju", (Shot("queue", ""),)),
    # Administrators set up their second factor first: that is what they meet.
    Role("admin", (Shot("second-factor", ""),)),
    Role("auditadmin", (Shot("second-factor", ""),)),
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(env: dict, *args: str) -> None:
    subprocess.run([str(BIN / "tongxin"), *args], env=env, cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 (our own local server)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def shrink(path: Path) -> None:
    """256 colours: a screen of text and flat colour loses nothing visible, and the file a
    third of its size."""
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE)
    small.save(path, optimize=True)


def photograph(base_url: str, roles: tuple[Role, ...]) -> list[Path]:
    from playwright.sync_api import sync_playwright

    written: list[Path] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
        for role in roles:
            for size, viewport in SIZES.items():
                phone = size == "phone"
                context = browser.new_context(
                    base_url=base_url, locale="zh-CN", timezone_id="Asia/Shanghai",
                    viewport=viewport, is_mobile=phone, has_touch=phone,
                    device_scale_factor=1,
                )
                context.set_default_timeout(20_000)
                page = context.new_page()
                page.goto("/login/")
                page.fill("#id_username", role.account)
                page.fill("#id_password", PASSWORD)
                page.click("form[action='/login/'] button[type=submit]")
                page.wait_for_load_state("networkidle")
                landing = page.url
                for shot in role.shots:
                    page.goto(shot.path or landing)
                    page.wait_for_load_state("networkidle")
                    if shot.prepare is not None:
                        shot.prepare(page)
                    page.wait_for_timeout(600)  # maps and charts draw after the load
                    path = OUT / f"{role.account}-{shot.name}-{size}.png"
                    page.screenshot(path=str(path))
                    shrink(path)
                    written.append(path)
                    print(f"  {path.relative_to(ROOT)} ({path.stat().st_size // 1024} KB)")
                context.close()
        browser.close()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="accounts to photograph (default: all)")
    args = parser.parse_args()
    roles = tuple(r for r in ROLES if not args.only or r.account in args.only)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing (apt-get install chromium)", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="tongxin-screenshots-"))
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update({
        "TONGXIN_DATA_DIR": str(tmp), "TONGXIN_CREATE_KEYS": "1",
        "TONGXIN_TRIAGE_ROUTING_MODEL": str(tmp / "routing"),
        "TONGXIN_AUDIT_CHECKPOINTS": str(tmp / "audit-checkpoints.log"),
    })
    server = None
    try:
        print(f"fresh demo in {tmp}")
        run(env, "migrate", "--noinput")
        run(env, "demo")
        # One deadline sweep (red cases get their orders: the black list) and the return-visit
        # round, as the worker does, so the boards and call-back lists show what waits.
        run(env, "sla", "sweep")
        subprocess.run([str(BIN / "python"), "-c",
                        "import django; django.setup();"
                        "from tongxin.feedback.services import open_visits; open_visits()"],
                       env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"}, cwd=ROOT,
                       check=True)
        port = free_port()
        server = subprocess.Popen(
            [str(BIN / "tongxin"), "serve", "--bind", f"127.0.0.1:{port}"], env=env, cwd=ROOT,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base_url = f"http://127.0.0.1:{port}"
        wait_for(base_url + "/login/")
        written = photograph(base_url, roles)
        print(f"{len(written)} screenshots in {OUT.relative_to(ROOT)}")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
