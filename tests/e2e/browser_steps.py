"""Small steps a person takes in the workbench, written once for every browser test."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from tests.world import PASSWORD


def log_in(page, username: str) -> None:
    page.goto("/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form[action='/login/'] button[type=submit]")
    page.wait_for_selector("aside.sidebar nav")


def log_out(page) -> None:
    page.click("form[action='/logout/'] button[type=submit]")
    page.wait_for_selector("#id_password")


def open_action(page, action: str):
    """Unfold the action's panel on the case page and return its form."""
    panel = page.locator(f"details.action-{action}")
    if panel.get_attribute("open") is None:
        panel.locator("summary").click()
    return panel.locator("form")


def submit_action(page, action: str, **fields: str) -> None:
    form = open_action(page, action)
    for name, value in fields.items():
        form.locator(f"[name={name}]").fill(value)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def status_text(page) -> str:
    return page.locator("[data-testid=case-status]").inner_text().strip()


def tiny_png(path: Path) -> Path:
    """A valid 8×8 PNG, so uploads need no binary fixture in the repository."""
    width = height = 8
    raw = b"".join(b"\x00" + b"\x2e\x7d\x32" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return path
