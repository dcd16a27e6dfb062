"""The worker's two lanes run side by side: while an analysis job takes its time (a city's
snapshot round reads for tens of seconds), the deadline lane keeps sweeping, and an overdue
case gets its red warning within a round."""

import threading
import time
from datetime import timedelta

import pytest
from django.db.utils import OperationalError
from django.utils import timezone

from tests.supervision.helpers import dispatched, fast_passwords  # noqa: F401
from tongxin.cases.models import Case, Warning
from tongxin.cases.sweep import sweep
from tongxin.worker import jobs
from tongxin.worker.management.commands.worker import Command

pytestmark = pytest.mark.django_db(transaction=True)


def warning_of(case_id: int) -> str:
    """The case's warning as stored; on SQLite's shared in-memory test database a read can
    meet the sweep's write lock ("database table is locked"): that read is retried."""
    for _attempt in range(50):
        try:
            return Case.objects.get(pk=case_id).warning
        except OperationalError:
            time.sleep(0.05)
    return Case.objects.get(pk=case_id).warning


def test_the_deadline_lane_warns_while_the_analysis_lane_is_busy(committed_world, monkeypatch):
    case = dispatched(committed_world, timezone.now() - timedelta(days=30))
    busy, release = threading.Event(), threading.Event()

    def slow_snapshots():
        busy.set()
        release.wait(20)  # far longer than the test waits for the warning

    monkeypatch.setattr(jobs, "LANES", {"deadlines": {"sla_sweep": sweep},
                                        "analysis": {"analytics_snapshots": slow_snapshots}})
    command = Command()
    runner = threading.Thread(target=command.handle, kwargs={"interval": 0.2, "once": False},
                              daemon=True)
    monkeypatch.setattr("signal.signal", lambda *a: None)  # not the main thread
    runner.start()
    try:
        assert busy.wait(10), "the analysis lane did not start"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if warning_of(case.pk) == Warning.RED:
                break
            time.sleep(0.1)
        assert warning_of(case.pk) == Warning.RED
    finally:
        # Stop both lanes and wait for them (each closes its own connection), so no thread
        # still writes while the test database is flushed.
        command.stopping.set()
        release.set()
        runner.join(timeout=30)
