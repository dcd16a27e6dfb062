"""Returning a transfer to 110 is the engine's reject with a reason: the transfer records it,
the return rate counts it, and the status goes to 110's webhook receiver (signed)."""

from datetime import timedelta

from django.utils import timezone

from tests.api.support import Api, token_for
from tests.cases.loop import act
from tests.outbound.receiver import Receiver
from tongxin.areas.models import PoliceTransfer
from tongxin.areas.selectors import return_rate
from tongxin.cases.models import Case, Channel
from tongxin.outbound.delivery import deliver_due, verify_signature
from tongxin.outbound.models import WebhookSubscription

from .support import police_desk, transfer_body


def test_the_return_and_its_status_reach_110(world, settings):
    settings.TONGXIN_WEBHOOK_ALLOW = ["127.0.0.1/32"]  # the receiver listens on loopback
    desk = Api(token_for(police_desk(world), Channel.POLICE))
    desk.post("/police/transfers", transfer_body("A1"))
    desk.post("/police/transfers", transfer_body("A2", text="市民报警称小区门口路灯不亮"))
    with Receiver(204) as receiver:
        sub = WebhookSubscription.objects.create(name="110", url=receiver.url,
                                                 channel=Channel.POLICE)
        case = Case.objects.get(police_transfer__incident_no="A1")
        act(world, case, "reject", "dispatcher", note="属于治安案件，退回110处置")
        deliver_due(now=timezone.now() + timedelta(seconds=1))

    transfer = PoliceTransfer.objects.get(incident_no="A1")
    assert transfer.returned_at is not None and "退回110" in transfer.return_reason
    rate = return_rate(world.user("dispatcher"), since=timezone.now() - timedelta(hours=1),
                       until=timezone.now() + timedelta(hours=1))
    assert (rate.transfers, rate.returned, rate.rate) == (2, 1, 0.5)

    [got] = [r for r in receiver.requests if b'"rejected"' in r.body]
    headers = {k.lower(): v for k, v in got.headers.items()}
    assert verify_signature(sub.secret, headers["x-tongxin-timestamp"], got.body,
                            headers["x-tongxin-signature"])
    assert case.number.encode() in got.body
