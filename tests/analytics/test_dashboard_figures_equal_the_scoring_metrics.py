"""The dashboard and the assessment reports show one set of definitions: on the hand-built
September of tests/scoring/handset.py, every rate the dashboard shows (from the daily
summary's region and department rows, and from the live table) equals the scoring
module's metric for the same user and period, and both equal the hand-computed values."""

from datetime import date

from tests.scoring import handset
from tongxin.analytics import dashboard
from tongxin.analytics.metrics import SHOWN_RATES
from tongxin.analytics.scope import Audience, Filters, Source
from tongxin.analytics.stats import refresh_dirty
from tongxin.cases.models import Case
from tongxin.scoring.metrics import compute
from tongxin.scoring.selectors import cases_for

SEPTEMBER = Filters(since=date(2026, 9, 1), until=date(2026, 9, 30))
SHOWN = ("received", *SHOWN_RATES)


def _scoring(user, dimension="total"):
    return compute(cases_for(user), start=handset.SEP[0], end=handset.SEP[1],
                   dimension=dimension, as_of=handset.AS_OF)


def _pick(row):
    return {key: row[key] for key in SHOWN}


def test_dashboard_figures_equal_the_scoring_metrics(world):
    handset.build(world)
    refresh_dirty()
    district = world.user("dispatcher")
    source = Source(Audience.of(district))
    assert source.summarised
    shown = dashboard.figures(source.totals(SEPTEMBER))
    # Hand-computed (handset.TOTAL): 9 received (c9 merged into c8 is left out), 办结率 3/6,
    # 按期办结率 2/3, 满意率 3/4, 重办率 1/5.
    assert _pick(shown) == _pick(handset.TOTAL) == _pick(_scoring(district)[0])
    assert shown["registered"] == 6 and shown["closed"] == 5

    # Per unit, as the dashboard's unit ranking reads them.
    units = {r["lead_department_id"]: dashboard.figures(r)
             for r in source.rows(("lead_department_id",), SEPTEMBER)}
    for row in _scoring(district, "unit"):
        if row["key"] is not None:
            assert _pick(units[row["key"]]) == _pick(row), row["key"]

    # A street (region rows) and a department (department rows) see their own share, same
    # formulas.
    for name in ("street_a", "handler"):
        user = world.user(name)
        assert Source(Audience.of(user)).summarised
        assert _pick(dashboard.figures(Source(Audience.of(user)).totals(SEPTEMBER))) == _pick(
            _scoring(user)[0]), name

    # The summary and the live table agree.
    live = Source(Audience.of(district))
    live.scope = None
    assert dashboard.figures(live.totals(SEPTEMBER)) == shown


def test_the_overdue_card_counts_the_open_part_of_the_scoring_overdue(world):
    handset.build(world)
    overdue = dashboard.overdue(world.user("dispatcher"), limit=50)
    september = set(Case.objects.filter(
        pk__in=[c["id"] for c in overdue["cases"]],
        created_at__gte=handset.SEP[0], created_at__lt=handset.SEP[1],
    ).values_list("title", flat=True))
    # 超期 of September is c2 c4 c8 (handset.TOTAL); c2 was finished late, so only c4 and c8
    # are overdue now; c7 waits for an extension decision and is not.
    assert september == {"c4", "c8"}
    assert overdue["count"] == len(overdue["cases"])
    assert all(c["hours_over"] > 0 for c in overdue["cases"])
