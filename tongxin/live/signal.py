"""Waking the open streams when a case changes.

On PostgreSQL a trigger on the case-event table issues `NOTIFY tongxin_case_events` inside
the writer's transaction (migrations/0001_notify_on_case_events.py): the server delivers it
at commit (never for a rollback) to every process that LISTENs — web workers, other nodes —
so a stream wakes within milliseconds of the commit and then reads the new events by id.
Elsewhere (SQLite, one machine) a stream polls the event table by id every
`TONGXIN_LIVE_POLL_SECONDS`. Either way the events
themselves are read from the table, so nothing is lost between two wake-ups or across a
reconnect (Last-Event-ID).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.db import connection

CHANNEL = "tongxin_case_events"


class Waiter:
    """Sleeps until a case may have changed, for at most the given seconds. On PostgreSQL
    it holds its own small LISTEN connection (not Django's: the stream must not keep a
    pooled connection busy), closed with the stream."""

    def __init__(self) -> None:
        self._listen = None
        if connection.vendor == "postgresql":
            import psycopg

            params = connection.get_connection_params()
            params.pop("cursor_factory", None)
            params.pop("context", None)
            self._listen = psycopg.connect(**params, autocommit=True)
            self._listen.execute(f"LISTEN {CHANNEL}")

    def wait(self, seconds: float) -> None:
        if self._listen is None:
            time.sleep(min(seconds, settings.TONGXIN_LIVE_POLL_SECONDS))
            return
        for _note in self._listen.notifies(timeout=seconds, stop_after=1):
            pass

    def close(self) -> None:
        if self._listen is not None:
            self._listen.close()
            self._listen = None
