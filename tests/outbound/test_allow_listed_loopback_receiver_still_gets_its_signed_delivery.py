"""The loopback receiver is refused like any internal address until an operator allow-lists
it (TONGXIN_WEBHOOK_ALLOW, or TONGXIN_OUTBOUND_ALLOW for every outbound connection); then
it gets its signed delivery as before. The guard changes nothing the receiver sees."""

import pytest

from tests.cases.loop import report
from tongxin.cases.models import CaseEvent
from tongxin.outbound.delivery import deliver_due, verify_signature
from tongxin.outbound.models import Delivery, DeliveryStatus, WebhookSubscription
from tongxin.outbound.services import queue_for_event

from .conftest import T0
from .receiver import Receiver


def deliver_one(world, subscribe, receiver) -> tuple[WebhookSubscription, dict]:
    sub = subscribe(url=receiver.url)
    case = report(world, at=T0)
    queue_for_event(event_id=CaseEvent.objects.get(case=case).pk)
    return sub, deliver_due(now=T0)


def test_without_an_allow_list_the_receiver_is_refused(world, subscribe, settings):
    settings.TONGXIN_WEBHOOK_ALLOW = []
    with Receiver(204) as receiver:
        _sub, result = deliver_one(world, subscribe, receiver)
    assert result["refused"] == 1 and receiver.requests == []


@pytest.mark.parametrize("setting", ["TONGXIN_WEBHOOK_ALLOW", "TONGXIN_OUTBOUND_ALLOW"])
def test_the_allow_listed_receiver_gets_its_signed_delivery(world, subscribe, settings,
                                                            setting):
    settings.TONGXIN_WEBHOOK_ALLOW = []
    setattr(settings, setting, ["127.0.0.0/8"])
    with Receiver(204) as receiver:
        sub, result = deliver_one(world, subscribe, receiver)

    assert result == {"sent": 1, "failed": 0, "dead": 0, "refused": 0}
    [got] = receiver.requests
    headers = {k.lower(): v for k, v in got.headers.items()}
    assert verify_signature(sub.secret, headers["x-tongxin-timestamp"], got.body,
                            headers["x-tongxin-signature"])
    assert headers["host"] == receiver.url.split("/")[2]
    assert Delivery.objects.get().status == DeliveryStatus.SENT
