from datetime import date

from tests.cases.loop import local
from tongxin.scoring.models import Report
from tongxin.scoring.reports.build import run_schedule


def test_schedule_writes_yesterdays_last_weeks_and_last_months_reports_once(
        world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    monday_first = local(2026, 6, 1, 2)  # a Monday and the 1st: all three kinds are due
    made = sum(run_schedule(now=monday_first, limit=4)["reports"] for _ in range(3))
    assert made == 9  # district and two streets × daily, weekly, monthly
    assert run_schedule(now=monday_first) == {"reports": 0}
    starts = {(r.kind, r.period_start) for r in Report.objects.filter(region=world.district)}
    assert starts == {("daily", date(2026, 5, 31)), ("weekly", date(2026, 5, 25)),
                      ("monthly", date(2026, 5, 1))}
