from datetime import timedelta

from django.utils import timezone

from tests.cases.loop import drive
from tongxin.cases.workflow import State
from tongxin.feedback.models import VisitStatus
from tongxin.feedback.services import mark_unreached, open_visits


def test_after_the_answer_days_the_visit_is_unreached(world, settings):
    settings.TONGXIN_VISIT_ANSWER_DAYS = 3
    drive(world, State.CLOSED)
    now = timezone.now()
    open_visits(now=now)
    assert mark_unreached(now=now + timedelta(days=2)) == {"unreached": 0}
    assert mark_unreached(now=now + timedelta(days=3, minutes=1)) == {"unreached": 1}
    from tongxin.feedback.models import ReturnVisit

    assert ReturnVisit.objects.get().status == VisitStatus.UNREACHED
