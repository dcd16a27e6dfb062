"""Two workers running escalation and referral detection at the same moment escalate each
unanswered order once and refer each problem once (SKIP LOCKED claims; an advisory lock for
referral detection). PostgreSQL only: SQLite serialises writers."""

import os
import threading
from collections import Counter

import pytest
from django.db import connection

from tests.supervision.helpers import bulk_dispatched, local
from tongxin.cases.models import CaseEvent
from tongxin.supervision import escalation
from tongxin.supervision.models import OrderKind, Referral, SupervisionOrder
from tongxin.supervision.services import detect_referrals, escalate_unanswered

# The race needs two real connections writing at once; SQLite serialises writers.
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgis"))
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL; SQLite serialises writers"),
]
ORDERS = 120


def _run_twice(job, now) -> list:
    barrier, results = threading.Barrier(2), []

    def worker():
        try:
            barrier.wait()
            results.append(job(now=now))
            results.append(job(now=now))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads)
    return results


def test_escalation_and_referrals_happen_once(monkeypatch, committed_world):
    monkeypatch.setattr(escalation, "BATCH", 10)
    world = committed_world  # committed: the workers are other threads
    ids = bulk_dispatched(world, ORDERS, dispatched_at=local(2026, 11, 2, 9),
                          yellow_at=local(2026, 11, 6, 9), finish_deadline=local(2026, 11, 9, 9))
    SupervisionOrder.objects.bulk_create(
        SupervisionOrder(case_id=pk, department=world.departments["cg"], kind=OrderKind.AUTO,
                         text="超期", created_at=local(2026, 11, 10, 9),
                         due_at=local(2026, 11, 12, 17, 30))
        for pk in ids
    )

    results = _run_twice(escalate_unanswered, local(2026, 11, 13, 9))
    assert sum(r["escalated"] for r in results) == ORDERS
    children = Counter(
        SupervisionOrder.objects.filter(level=1).values_list("escalated_from_id", flat=True)
    )
    assert len(children) == ORDERS and set(children.values()) == {1}
    assert CaseEvent.objects.filter(action="supervise").count() == ORDERS

    results = _run_twice(detect_referrals, local(2026, 11, 13, 9))
    assert sum(r.get("repeated_overdue", 0) for r in results) == 1
    assert Referral.objects.count() == 1
