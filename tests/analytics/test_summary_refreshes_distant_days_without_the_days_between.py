"""Cases changed on days far apart are refolded day by day: the refresh reads those days
only (one time range per run of days), and the summary equals a full rebuild."""

from datetime import timedelta

from django.utils import timezone

from tests.cases.loop import report
from tongxin.analytics.models import CaseDailyStat
from tongxin.analytics.stats import _window, rebuild, refresh_days


def _rows() -> list[tuple]:
    return sorted(((r.day, r.street_id, r.department_id, r.dimension, r.value, r.received)
                   for r in CaseDailyStat.objects.all()), key=repr)


def test_summary_refreshes_distant_days_without_the_days_between(world):
    now = timezone.now()
    for days_ago in (0, 1, 400, 700):
        report(world, at=now - timedelta(days=days_ago))
    between = report(world, at=now - timedelta(days=200))
    rebuild()
    full = _rows()

    CaseDailyStat.objects.all().delete()
    today = timezone.localdate(now)
    wanted = [today - timedelta(days=n) for n in (700, 400, 1, 0)]
    # The cases read are those of the wanted days, not of the two years between them.
    assert between not in _window(wanted) and _window(wanted).count() == 4
    refresh_days(wanted)
    assert _rows() == [r for r in full if r[0] in set(wanted)]
