"""The flush at the end of a transactional test (live server, threads), made dependable.

A transactional test leaves its rows committed, and Django removes them with `flush`. Two
things can make that flush fail on SQLite's shared in-memory test database, and one failed
flush used to fail every transactional test after it (their worlds met the old rows):
- SQLite flushes with DELETE, which the append-only triggers of the audit trails refuse
  (PostgreSQL uses TRUNCATE, which row triggers do not see), so they are dropped first, on
  every path, even when the test's world could not be built; the next test that needs them
  puts them back (`restore_seeded_state` in tests/conftest.py);
- a thread the test started, or a live-server thread still ending its answer, may hold a
  table lock a moment longer ("database table is locked"): the flush is tried again for a
  few seconds before it counts as failed.
"""

from __future__ import annotations

import importlib
import time

from django.core.management.base import CommandError
from django.db import connection
from django.db.utils import OperationalError
from django.test import TransactionTestCase

ATTEMPTS = 50
PAUSE_SECONDS = 0.1


def append_only_triggers(direction: str) -> None:
    """Add ("forwards") or drop ("backwards") the SQLite audit-trail triggers.

    Plain statements, not the schema editor, so it also works inside a test's transaction.
    """
    if connection.vendor != "sqlite":
        return
    migration = importlib.import_module("tongxin.cases.migrations.0002_events_append_only")
    audit = importlib.import_module("tongxin.security.migrations.0002_audit_append_only")
    statements = migration.SQLITE + audit.SQLITE if direction == "forwards" else [
        "DROP TRIGGER IF EXISTS caseevent_no_update",
        "DROP TRIGGER IF EXISTS caseevent_no_delete",
        *audit.SQLITE_DROP,
    ]
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _locked(exc: BaseException) -> bool:
    cause = exc.__cause__ if isinstance(exc, CommandError) else exc
    return isinstance(cause, OperationalError) and "locked" in str(cause)


def _retried(step):
    for attempt in range(ATTEMPTS):
        try:
            return step()
        except (CommandError, OperationalError) as exc:
            if not _locked(exc) or attempt == ATTEMPTS - 1:
                raise
            time.sleep(PAUSE_SECONDS)
    return None


_django_teardown = TransactionTestCase._fixture_teardown


def _fixture_teardown(self) -> None:
    _retried(lambda: append_only_triggers("backwards"))
    _retried(lambda: _django_teardown(self))


def pytest_configure(config) -> None:
    TransactionTestCase._fixture_teardown = _fixture_teardown  # type: ignore[method-assign]
