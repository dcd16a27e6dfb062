"""The server-sent-event stream of case changes (GET /api/v1/events/stream).

The web server is gunicorn with a few threads per process (`tongxin serve`), so a stream
must not hold a thread or a database connection for long:
- each stream lasts at most `TONGXIN_LIVE_STREAM_SECONDS` and then ends with a `retry:`
  hint; EventSource reconnects by itself and sends Last-Event-ID, so no event is lost;
- Django's database connection is closed after every read (the wait holds none; on
  PostgreSQL a small LISTEN connection of its own);
- at most `TONGXIN_LIVE_STREAMS` streams per process: one more is told to come back later
  at once, so the pages and the API always keep threads of their own;
- a comment line every `TONGXIN_LIVE_HEARTBEAT_SECONDS` keeps proxies from closing an idle
  stream and lets the server notice a closed tab.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

from django.conf import settings
from django.db import connection
from django.utils import translation

from tongxin.accounts.models import User

from .selectors import changes_since, last_event_id
from .signal import Waiter

_slots = threading.BoundedSemaphore(max(1, settings.TONGXIN_LIVE_STREAMS))
_open = [0]
_open_lock = threading.Lock()
RETRY_MS = 300  # a reconnect is quick: the stream ended on purpose
BUSY_RETRY_MS = 5000


def open_streams() -> int:
    """How many streams this process is serving now."""
    return _open[0]


def _count(step: int) -> None:
    with _open_lock:
        _open[0] += step


def _release_connection() -> None:
    if not connection.in_atomic_block:
        connection.close()


def message(event: str, data: dict, *, id: int | None = None) -> str:
    head = f"id: {id}\n" if id is not None else ""
    return f"{head}event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def start_after(last_event_header: str | None) -> int | None:
    """The event id a reconnecting client saw last (Last-Event-ID), if it sent a valid one."""
    if last_event_header and last_event_header.strip().isdigit():
        return int(last_event_header.strip())
    return None


def case_stream(user: User, *, after: int | None, language: str) -> Iterator[str]:
    """The stream's text: `event: case` messages (id = the event id), heartbeats, and the
    end after the stream's lifetime. It runs after the view has returned, so it sets the
    request's language itself (the status labels)."""
    with translation.override(language):
        yield from _case_stream(user, after=after)


def _case_stream(user: User, *, after: int | None) -> Iterator[str]:
    if not _slots.acquire(blocking=False):
        yield f"retry: {BUSY_RETRY_MS}\n: busy, come back later\n\n"
        return
    waiter = None
    _count(1)
    try:
        last = last_event_id() if after is None else after
        _release_connection()
        yield f"retry: {RETRY_MS}\nevent: ready\ndata: {json.dumps({'after': last})}\n\n"
        waiter = Waiter()
        ends = time.monotonic() + settings.TONGXIN_LIVE_STREAM_SECONDS
        beat = time.monotonic() + settings.TONGXIN_LIVE_HEARTBEAT_SECONDS
        while (now := time.monotonic()) < ends:
            changes = changes_since(user, last)
            _release_connection()
            for change in changes:
                last = change["event"]
                yield message("case", change, id=last)
            if changes:
                continue  # a burst: read the rest at once
            if now >= beat:
                yield ": heartbeat\n\n"
                beat = now + settings.TONGXIN_LIVE_HEARTBEAT_SECONDS
            waiter.wait(max(0.05, min(beat, ends) - time.monotonic()))
    finally:
        if waiter is not None:
            waiter.close()
        _release_connection()
        _count(-1)
        _slots.release()
