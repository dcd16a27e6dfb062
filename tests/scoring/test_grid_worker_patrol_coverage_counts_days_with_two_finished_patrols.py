"""Patrol coverage (一日双巡), computed by hand for one week of the hand-built September.

Period: Mon 7 – Sun 13 Sep 2026 → working days Mon 7 … Fri 11 (5). grid_a1:
| day | patrols | covered with 2/day | with 1/day |
|---|---|---|---|
| Mon 7 | 08:00–09:00, 15:00–16:00 | yes | yes |
| Tue 8 | 08:00–09:00, 15:00 (never ended) | no | yes |
| Wed 9 | three finished | yes | yes |
| Thu 10 | none | no | no |
| Fri 11 | 08:00–09:00, 23:30 (ends Sat 00:10, counts on Fri) | yes | yes |
| Sat 12 | two finished (no working day: neither helps nor hurts) | — | — |
| Mon 14 | two finished (another period) | — | — |
→ 3/5 = 0.6 with the default 2 a day, 4/5 = 0.8 with 1 a day.
"""

import uuid
from datetime import timedelta

from django.test import override_settings

from tests.cases.loop import local
from tests.scoring import handset
from tongxin.cases.models import Case
from tongxin.fieldapp.services import start_patrol, stop_patrol
from tongxin.scoring.scores import combine, worker_ranking
from tongxin.scoring.workers import worker_figures

WEEK = (local(2026, 9, 7), local(2026, 9, 14))
AS_OF = local(2026, 10, 1)


def _patrol(worker, start, minutes=60):
    patrol = start_patrol(worker=worker, client_id=uuid.uuid4(), at=start)
    if minutes is not None:
        stop_patrol(worker=worker, patrol_id=patrol.pk, at=start + timedelta(minutes=minutes))


def walk(worker):
    for day in (7, 9, 12, 14):
        _patrol(worker, local(2026, 9, day, 8))
        _patrol(worker, local(2026, 9, day, 15))
    _patrol(worker, local(2026, 9, 9, 19))
    _patrol(worker, local(2026, 9, 8, 8))
    _patrol(worker, local(2026, 9, 8, 15), minutes=None)
    _patrol(worker, local(2026, 9, 11, 8))
    _patrol(worker, local(2026, 9, 11, 23, 30), minutes=40)


def test_patrol_coverage_counts_working_days_with_the_required_finished_patrols(world):
    handset.build(world)  # grid_a1 reports and closes on the spot on Mon 7 Sep
    worker = world.user("grid_a1")
    walk(worker)
    figures = worker_figures(Case.objects.all(), start=WEEK[0], end=WEEK[1], as_of=AS_OF)
    mine = figures[worker.pk]
    assert (mine["patrol_days"], mine["patrol_days_due"], mine["patrol_coverage"]) == (3, 5, 0.6)
    with override_settings(TONGXIN_PATROLS_PER_DAY=1):
        again = worker_figures(Case.objects.all(), start=WEEK[0], end=WEEK[1], as_of=AS_OF)
    assert again[worker.pk]["patrol_coverage"] == 0.8
    # Mid-week only Mon–Wed are due: Mon and Wed covered → 2/3.
    midweek = worker_figures(Case.objects.all(), start=WEEK[0], end=WEEK[1],
                             as_of=local(2026, 9, 10))
    assert midweek[worker.pk]["patrol_coverage"] == round(2 / 3, 4)


def test_patrol_coverage_is_a_weighted_part_of_the_grid_worker_score(world):
    handset.build(world)
    worker = world.user("grid_a1")
    walk(worker)
    [row] = worker_ranking(Case.objects.all(), start=WEEK[0], end=WEEK[1],
                           month=WEEK[0].date().replace(day=1), as_of=AS_OF)
    # The only worker: each count is the best (1.0) where it is not zero; no peer rating.
    parts = {"reports": 1.0, "on_spot": 1.0, "verified": None, "household_visits": None,
             "patrol_coverage": 0.6, "peer": None}
    assert (row["reports"], row["on_spot"], row["verified"]) == (1, 1, 0)
    # Default weights: reports 25, on-spot 15, patrol coverage 15 → (25 + 15 + 9) / 55.
    assert row["score"] == combine(parts, "grid_worker") == round(100 * 49 / 55, 2)
    with override_settings(TONGXIN_SCORE_WEIGHTS={"grid_worker": {"patrol_coverage": 0}}):
        [unweighted] = worker_ranking(Case.objects.all(), start=WEEK[0], end=WEEK[1],
                                      month=WEEK[0].date().replace(day=1), as_of=AS_OF)
    assert unweighted["score"] == 100.0
