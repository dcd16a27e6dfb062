"""Two workers sweeping the same table at the same moment raise each warning exactly once,
and open exactly one supervision order per red alarm: each batch claims its rows with
FOR UPDATE SKIP LOCKED and re-checks the warning level in the UPDATE.

PostgreSQL only: SQLite has a single writer (BEGIN IMMEDIATE), so two workers there simply
take turns — which the sequential sweep tests already cover.
"""

import os
import threading
from collections import Counter

import pytest
from django.db import connection

from tests.supervision.helpers import bulk_dispatched, fast_passwords, local  # noqa: F401
from tongxin.cases import sweep as sweep_module
from tongxin.cases.models import CaseEvent
from tongxin.cases.sweep import sweep
from tongxin.supervision.models import SupervisionOrder

# The race needs two real connections writing at once; SQLite serialises writers.
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgis"))
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL; SQLite serialises writers"),
]

YELLOW_DUE, RED_DUE = 400, 400


def _worker(barrier: threading.Barrier, results: list, now) -> None:
    try:
        barrier.wait()
        for _ in range(3):  # a worker's loop: the later rounds must find nothing left
            results.append(sweep(now=now))
    finally:
        connection.close()  # this thread's own connection


def test_two_workers_warn_each_case_once(monkeypatch, committed_world):
    monkeypatch.setattr(sweep_module, "BATCH", 25)  # many small batches: real interleaving
    world = committed_world  # committed: the workers are other threads
    t0 = local(2026, 11, 16, 9)
    bulk_dispatched(world, YELLOW_DUE, dispatched_at=t0, prefix="Y",
                    yellow_at=local(2026, 11, 20, 16), finish_deadline=local(2026, 11, 23, 17))
    bulk_dispatched(world, RED_DUE, dispatched_at=t0, prefix="R",
                    yellow_at=local(2026, 11, 18, 16), finish_deadline=local(2026, 11, 19, 17))

    barrier, results = threading.Barrier(2), []
    now = local(2026, 11, 21, 12)
    threads = [threading.Thread(target=_worker, args=(barrier, results, now)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads)

    assert sum(r["yellow"] for r in results) == YELLOW_DUE
    assert sum(r["red"] for r in results) == RED_DUE
    events = Counter(
        CaseEvent.objects.filter(action__startswith="warn_").values_list("case_id", "action")
    )
    assert len(events) == YELLOW_DUE + RED_DUE and set(events.values()) == {1}
    orders = Counter(SupervisionOrder.objects.values_list("case_id", flat=True))
    assert len(orders) == RED_DUE and set(orders.values()) == {1}
