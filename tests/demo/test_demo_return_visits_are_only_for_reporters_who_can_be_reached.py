"""In the demo, a return visit (回访) exists only where someone can be asked: a reporter with
a number or an account. A grid worker's own report is never rated by a call to nobody; a grid
report that is rated was a resident's appeal the grid worker recorded, with the resident's
number. The worker's return-visit round opens no visit for the others either."""

from django.db.models import Q

from tongxin.cases.models import Case, Channel
from tongxin.feedback.models import ReturnVisit
from tongxin.feedback.services import REACHABLE, open_visits

NOBODY = Q(reporter_phone_hash="", reporter_user__isnull=True)


def test_every_demo_return_visit_has_someone_to_ask(demo):
    assert ReturnVisit.objects.exists()
    assert not ReturnVisit.objects.filter(case__in=Case.objects.filter(NOBODY)).exists()
    assert not Case.objects.filter(NOBODY).exclude(rating="").exists()
    # The demo has grid reports with nobody behind them, and grid reports that were rated.
    assert Case.objects.filter(NOBODY, channel=Channel.GRID).exists()
    assert Case.objects.filter(REACHABLE, channel=Channel.GRID).exclude(rating="").exists()

    open_visits()
    assert ReturnVisit.objects.filter(status="pending").exists()
    assert not ReturnVisit.objects.filter(case__in=Case.objects.filter(NOBODY)).exists()
