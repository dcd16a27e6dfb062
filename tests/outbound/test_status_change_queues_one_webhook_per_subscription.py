"""A status change queues one webhook per active subscription of the case's channel (or of
all channels); queueing the same event again adds nothing, and a step that keeps the status
queues nothing."""

from tests.cases.loop import act, drive, report
from tongxin.cases.models import CaseEvent, Channel
from tongxin.cases.workflow import State
from tongxin.outbound.models import Delivery, DeliveryStatus, Kind
from tongxin.outbound.services import queue_for_event

from .conftest import T0


def test_one_webhook_per_matching_subscription(world, subscribe):
    everything = subscribe(name="city platform")
    portal = subscribe(name="portal app", channel=Channel.PORTAL)
    subscribe(name="hotline", channel=Channel.HOTLINE)
    subscribe(name="switched off", active=False)
    case = drive(world, State.REGISTERED, at=T0, channel=Channel.PORTAL)
    event = CaseEvent.objects.get(case=case, action="register")

    assert queue_for_event(event_id=event.pk) == 2
    rows = Delivery.objects.filter(event=event, kind=Kind.WEBHOOK)
    assert {d.subscription for d in rows} == {everything, portal}
    assert {d.status for d in rows} == {DeliveryStatus.PENDING}
    payload = rows[0].payload
    assert payload["event"] == "case.register"
    assert payload["case"] | {"title": ""} == {
        "number": case.number, "channel": "portal", "from_status": "reported",
        "status": "registered", "title": "", "result": "",
    }


def test_queueing_the_same_event_twice_adds_nothing(world, subscribe):
    subscribe()
    case = report(world, at=T0)
    event = CaseEvent.objects.get(case=case, action="report")
    queue_for_event(event_id=event.pk)
    queue_for_event(event_id=event.pk)
    assert Delivery.objects.filter(event=event).count() == 1


def test_a_step_that_keeps_the_status_queues_nothing(world, subscribe):
    subscribe()
    case = drive(world, State.IN_PROGRESS, at=T0)
    act(world, case, "supervise", "supervisor", note="督办", at=T0)
    event = CaseEvent.objects.get(case=case, action="supervise")
    assert queue_for_event(event_id=event.pk) == 0
    assert not Delivery.objects.filter(event=event).exists()
