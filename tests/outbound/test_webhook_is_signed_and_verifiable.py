"""A webhook arrives at a real HTTP endpoint with the event, delivery id, timestamp and an
HMAC-SHA256 signature the receiver can verify with the shared secret — and nothing else
verifies: another secret, a changed body, or a stale timestamp."""

import json

from tests.cases.loop import report
from tongxin.cases.models import CaseEvent
from tongxin.outbound.delivery import MAX_SIGNATURE_AGE, deliver_due, verify_signature
from tongxin.outbound.models import Delivery, DeliveryStatus
from tongxin.outbound.services import queue_for_event

from .conftest import T0
from .receiver import Receiver


def test_the_receiver_verifies_the_signature(world, subscribe):
    with Receiver(204) as receiver:
        sub = subscribe(url=receiver.url)
        case = report(world, at=T0)
        queue_for_event(event_id=CaseEvent.objects.get(case=case).pk)
        assert deliver_due(now=T0) == {"sent": 1, "failed": 0, "dead": 0, "refused": 0}

    [got] = receiver.requests
    delivery = Delivery.objects.get()
    h = {k.lower(): v for k, v in got.headers.items()}
    assert h["x-tongxin-event"] == "case.report"
    assert h["x-tongxin-delivery"] == str(delivery.pk)
    ts, sig = h["x-tongxin-timestamp"], h["x-tongxin-signature"]
    assert sig.startswith("sha256=")
    assert verify_signature(sub.secret, ts, got.body, sig)
    assert json.loads(got.body)["case"]["number"] == case.number

    assert not verify_signature("another secret", ts, got.body, sig)
    assert not verify_signature(sub.secret, ts, got.body.replace(b"report", b"closed"), sig)
    assert not verify_signature(sub.secret, ts, got.body, sig,
                                now=int(ts) + MAX_SIGNATURE_AGE + 1)
    assert not verify_signature(sub.secret, "not a number", got.body, sig)

    assert delivery.status == DeliveryStatus.SENT and delivery.response_code == 204
    assert delivery.sent_at == T0
