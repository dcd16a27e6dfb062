from __future__ import annotations

import json

import pytest

from tests.api.support import (  # noqa: F401  (the autouse fixtures)
    POINT_A1,
    POINT_B1,
    _fast_passwords,
    _media_root,
)
from tongxin.cases.models import Channel
from tongxin.cases.services import NewCase, create_case


@pytest.fixture(autouse=True)
def short_streams(settings):
    # A stream that ends after a moment: the test reads it to its end.
    settings.TONGXIN_LIVE_STREAM_SECONDS = 0.3
    settings.TONGXIN_LIVE_POLL_SECONDS = 0.05


def report(world, *, street: str = "A", title: str = "路灯不亮"):
    lat, lng = POINT_A1 if street == "A" else POINT_B1
    return create_case(actor=world.user("citizen"),
                       new=NewCase(channel=Channel.PORTAL, title=title, lat=lat, lng=lng))


def read(response) -> list[tuple[str, str]]:
    """The stream's messages as (field, value) lines, comments as ("", text)."""
    text = b"".join(response.streaming_content).decode()
    lines = []
    for line in text.splitlines():
        if line:
            field, _sep, value = line.partition(":")
            lines.append((field, value.strip()))
    return lines


def case_messages(lines: list[tuple[str, str]]) -> list[dict]:
    out = []
    for i, (field, value) in enumerate(lines):
        if field == "event" and value == "case":
            out.append(json.loads(lines[i + 1][1]))
    return out
