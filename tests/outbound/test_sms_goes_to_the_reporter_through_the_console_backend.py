"""The reporter hears of each citizen-facing milestone by a short Chinese SMS to the phone
they gave, through the gateway named in settings (the console one in development); internal
steps send nothing, and a failing gateway leaves the SMS to be retried."""

from tests.cases.loop import drive, report
from tongxin.cases.models import CaseEvent
from tongxin.cases.workflow import State
from tongxin.outbound.delivery import deliver_due, text_target
from tongxin.outbound.models import Delivery, DeliveryStatus, Kind
from tongxin.outbound.services import queue_for_event
from tongxin.outbound.sms import TextBackend

from .conftest import T0

PHONE = "13800138000"


def queue(case, action: str) -> None:
    queue_for_event(event_id=CaseEvent.objects.get(case=case, action=action).pk)


def test_the_reporter_gets_a_chinese_sms(world, capsys):
    case = report(world, at=T0, reporter_phone=PHONE)
    queue(case, "report")
    assert deliver_due(now=T0)["sent"] == 1

    out = capsys.readouterr().out
    assert f"to {PHONE}: 【同心】您反映的问题已收到，编号{case.number}。" in out
    sms = Delivery.objects.get(kind=Kind.SMS)
    assert text_target(sms) == PHONE and sms.status == DeliveryStatus.SENT
    assert sms.log.get().reference.startswith("console-")


def test_dispatch_names_the_department_and_sign_for_sends_nothing(world, capsys):
    drive(world, State.IN_PROGRESS, at=T0, reporter_phone=PHONE)
    deliver_due(now=T0)
    # Queued in each action's own transaction: reported, registered, dispatched — and
    # nothing for the sign-for (dispatched → in progress is internal).
    sent = Delivery.objects.filter(kind=Kind.SMS)
    assert sorted(sent.values_list("event__action", flat=True)) == [
        "dispatch", "register", "report"]
    assert "已派至区城管局办理" in capsys.readouterr().out


def test_no_phone_no_sms(world):
    case = report(world, at=T0)
    queue(case, "report")
    assert not Delivery.objects.filter(kind=Kind.SMS).exists()


class BrokenGateway(TextBackend):
    def send(self, target: str, text: str) -> str:
        raise ConnectionError("gateway down")


def test_a_failing_gateway_is_retried(world, settings):
    settings.TONGXIN_SMS_BACKEND = f"{__name__}.BrokenGateway"
    drive(world, State.REJECTED, at=T0, reporter_phone=PHONE)
    assert deliver_due(now=T0)["failed"] == 2  # "received" and "cannot be accepted"
    sms = Delivery.objects.get(kind=Kind.SMS, event__action="reject")
    assert sms.last_error == "ConnectionError: gateway down"
    assert "不予受理" in sms.payload["text"] and "不属于受理范围" in sms.payload["text"]
