"""DNS rebinding cannot slip past the check: a delivery resolves the host once, checks that
answer and connects to exactly that address. Here the first answer is the allow-listed
receiver (127.0.0.1) and every later one an address that is not allowed; the receiver
gets the signed request with the host name in its Host header, and the name was looked up
once per attempt."""

from tests.cases.loop import report
from tests.internal_addresses import resolve_as
from tongxin.cases.models import CaseEvent
from tongxin.outbound.delivery import deliver_due, verify_signature
from tongxin.outbound.services import queue_for_event

from .conftest import T0
from .receiver import Receiver


def test_the_connection_goes_to_the_checked_address(world, subscribe, monkeypatch):
    # conftest allows 127.0.0.1/32 only; 127.0.0.2 would be refused, and nothing listens
    # there, so a second lookup used for the connection would fail the delivery.
    answers = iter([["127.0.0.1"]])
    looked_up = resolve_as(
        monkeypatch, lambda host: next(answers, ["127.0.0.2"]) if host == "rebind.example"
        else None)
    with Receiver(204) as receiver:
        port = receiver.server.server_address[1]
        sub = subscribe(url=f"http://rebind.example:{port}/hook")
        case = report(world, at=T0)
        queue_for_event(event_id=CaseEvent.objects.get(case=case).pk)
        assert deliver_due(now=T0)["sent"] == 1

    assert looked_up == ["rebind.example"]
    [got] = receiver.requests
    headers = {k.lower(): v for k, v in got.headers.items()}
    assert headers["host"] == f"rebind.example:{port}"
    assert verify_signature(sub.secret, headers["x-tongxin-timestamp"], got.body,
                            headers["x-tongxin-signature"])
