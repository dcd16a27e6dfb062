"""A webhook the receiver refuses is retried after 1 min, 5 min, 30 min, 2 h and 12 h, not
before each wait is over; after the sixth failure it is given up (dead) and never tried again."""

from datetime import timedelta

from tests.cases.loop import report
from tongxin.cases.models import CaseEvent
from tongxin.outbound.delivery import BACKOFF, MAX_ATTEMPTS, deliver_due
from tongxin.outbound.models import Delivery, DeliveryStatus
from tongxin.outbound.services import queue_for_event

from .conftest import T0
from .receiver import Receiver


def test_backoff_then_dead(world, subscribe):
    assert [w.total_seconds() / 60 for w in BACKOFF] == [1, 5, 30, 120, 720]
    with Receiver(500) as receiver:
        subscribe(url=receiver.url)
        case = report(world, at=T0)
        queue_for_event(event_id=CaseEvent.objects.get(case=case).pk)

        now = T0
        for attempt, wait in enumerate(BACKOFF, start=1):
            assert deliver_due(now=now)["failed"] == 1
            delivery = Delivery.objects.get()
            assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, attempt)
            assert delivery.next_attempt_at == now + wait
            # Not a moment before the wait is over.
            assert deliver_due(now=now + wait - timedelta(seconds=1)) == {
                "sent": 0, "failed": 0, "dead": 0, "refused": 0}
            now += wait

        assert deliver_due(now=now)["dead"] == 1
        delivery = Delivery.objects.get()
        assert delivery.status == DeliveryStatus.DEAD and delivery.attempts == MAX_ATTEMPTS == 6
        assert delivery.next_attempt_at is None and delivery.response_code == 500
        assert deliver_due(now=now + timedelta(days=30))["dead"] == 0
    assert len(receiver.requests) == MAX_ATTEMPTS
