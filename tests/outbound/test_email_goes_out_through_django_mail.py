"""E-mail uses the same text interface as SMS, sent with Django's send_mail (so through
settings.EMAIL_BACKEND). Case has no e-mail field yet, so the backend and an e-mail delivery
row are exercised directly."""

from tests.cases.loop import report
from tongxin.cases.models import CaseEvent
from tongxin.outbound.delivery import deliver_due
from tongxin.outbound.models import Delivery, DeliveryStatus, Kind
from tongxin.outbound.sms import MailBackend

from .conftest import T0


def test_the_mail_backend_sends_one_message(mailoutbox):
    reference = MailBackend(subject="同心").send("citizen@example.org", "您反映的问题已办结。")
    assert reference.startswith("mail-")
    [mail] = mailoutbox
    assert mail.to == ["citizen@example.org"] and mail.subject == "同心"
    assert mail.body == "您反映的问题已办结。"


def test_an_email_delivery_is_sent_by_the_worker(world, mailoutbox):
    case = report(world, at=T0)
    Delivery.objects.create(
        kind=Kind.EMAIL, case=case, event=CaseEvent.objects.get(case=case),
        payload={"text": "【同心】您反映的问题已收到。"}, target="citizen@example.org",
        next_attempt_at=T0,
    )
    assert deliver_due(now=T0)["sent"] == 1
    assert Delivery.objects.get().status == DeliveryStatus.SENT
    assert mailoutbox[0].subject == "【同心】您反映的问题已收到。"
