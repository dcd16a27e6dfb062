"""Every attempt is written to the delivery log: its number, time, outcome, the HTTP status
code, or the network error when there was no response at all."""

import socket

from tests.cases.loop import report
from tongxin.cases.models import CaseEvent
from tongxin.outbound.delivery import BACKOFF, deliver_due
from tongxin.outbound.models import Delivery, DeliveryAttempt, DeliveryStatus
from tongxin.outbound.services import queue_for_event

from .conftest import T0
from .receiver import Receiver


def closed_port_url() -> str:
    with socket.socket() as s:  # a port nobody listens on once this socket is closed
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/hook"


def test_each_attempt_is_logged(world, subscribe):
    with Receiver(503, 503, 200) as receiver:
        ok_sub = subscribe(url=receiver.url)
        down_sub = subscribe(url=closed_port_url())
        case = report(world, at=T0)
        queue_for_event(event_id=CaseEvent.objects.get(case=case).pk)
        now = T0
        for wait in BACKOFF[:3]:
            deliver_due(now=now)
            now += wait

    ok = Delivery.objects.get(subscription=ok_sub)
    log = list(ok.log.values_list("number", "at", "ok", "response_code"))
    assert log == [(1, T0, False, 503), (2, T0 + BACKOFF[0], False, 503),
                   (3, T0 + BACKOFF[0] + BACKOFF[1], True, 200)]
    assert ok.status == DeliveryStatus.SENT and ok.attempts == 3
    assert "503" in DeliveryAttempt.objects.get(delivery=ok, number=1).error

    down = Delivery.objects.get(subscription=down_sub)
    assert down.log.count() == 3 == down.attempts
    for entry in down.log.all():
        assert entry.response_code is None and not entry.ok
        assert "refused" in entry.error.lower() or "URLError" in entry.error
    assert down.last_error == down.log.last().error
