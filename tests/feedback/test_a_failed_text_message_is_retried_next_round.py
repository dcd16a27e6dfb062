from tests.cases.loop import drive
from tongxin.cases.workflow import State
from tongxin.feedback.models import ReturnVisit
from tongxin.feedback.services import open_visits
from tongxin.outbound.sms import TextBackend


class Broken(TextBackend):
    def send(self, target: str, text: str) -> str:
        raise ConnectionError("gateway down")


def test_no_visit_is_stored_until_the_link_is_sent(world, settings):
    drive(world, State.CLOSED, reporter_phone="13800000000")
    settings.TONGXIN_SMS_BACKEND = f"{__name__}.Broken"
    assert open_visits() == {"opened": 0, "texted": 0, "failed": 1}
    assert not ReturnVisit.objects.exists()
    settings.TONGXIN_SMS_BACKEND = "tongxin.outbound.sms.ConsoleSmsBackend"
    assert open_visits() == {"opened": 1, "texted": 1, "failed": 0}
