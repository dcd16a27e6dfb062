"""Two workers running at the same moment deliver each webhook exactly once: each claims its
rows with FOR UPDATE SKIP LOCKED and pushes them out of the due set before sending.

PostgreSQL only: SQLite has a single writer, so two workers there simply take turns.
"""

import os
import threading
from collections import Counter

import pytest
from django.db import connection

from tests.cases.loop import report
from tongxin.cases.models import CaseEvent
from tongxin.outbound.delivery import deliver_due
from tongxin.outbound.models import Delivery, DeliveryAttempt, DeliveryStatus
from tongxin.outbound.services import queue_for_event

from .conftest import T0
from .receiver import Receiver

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgis"))
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL; SQLite serialises writers"),
]

SUBSCRIPTIONS = 60


def _worker(barrier: threading.Barrier, results: list) -> None:
    try:
        barrier.wait()
        while True:  # a worker's loop, in small batches so the two really interleave
            result = deliver_due(now=T0, limit=5)
            results.append(result)
            if not any(result.values()):
                return
    finally:
        connection.close()  # this thread's own connection


def test_each_webhook_is_delivered_once(committed_world, subscribe):
    with Receiver(200) as receiver:
        for _ in range(SUBSCRIPTIONS):
            subscribe(url=receiver.url)
        case = report(committed_world, at=T0)
        queue_for_event(event_id=CaseEvent.objects.get(case=case).pk)
        assert Delivery.objects.count() == SUBSCRIPTIONS

        barrier, results = threading.Barrier(2), []
        threads = [threading.Thread(target=_worker, args=(barrier, results)) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert not any(t.is_alive() for t in threads)

    per_delivery = Counter(r.headers["X-Tongxin-Delivery"] for r in receiver.requests)
    assert len(per_delivery) == SUBSCRIPTIONS and set(per_delivery.values()) == {1}
    assert sum(r["sent"] for r in results) == SUBSCRIPTIONS
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert DeliveryAttempt.objects.count() == SUBSCRIPTIONS
