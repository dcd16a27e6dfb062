"""The DESIGN.md metric definitions the dashboard shows, in one place.

Counters are SQL aggregates over cases (`CASE_COUNTERS`) or over pre-aggregated rows
(`STAT_COUNTERS`, the same names summed); ratios are computed from the counters by `rates`.
When the shared metrics module (tongxin.scoring) lands, the integrator can point these
definitions at it; the names and formulas below are the ones DESIGN.md fixes:

    受理量 received · 办结率 closed/registered · 按期办结率 closed on time/closed ·
    满意率 (satisfied + basically)/rated · 重办率 reopened/closed · 超期数 overdue
"""

from __future__ import annotations

from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext_lazy as _

from tongxin.cases.models import Rating, Status
from tongxin.sla.conditions import CLOCK_RUNNING

CLOSED = Q(status=Status.CLOSED)
# A case closed without a finish deadline (answered at once, closed on the spot) is on time.
ON_TIME = CLOSED & (Q(finish_deadline__isnull=True) | Q(closed_at__lte=F("finish_deadline")))
RATED = ~Q(rating="")
SATISFIED = Q(rating__in=[Rating.SATISFIED, Rating.BASICALLY])

CASE_COUNTERS = {
    "received": Count("pk"),
    "registered": Count("pk", filter=Q(registered_at__isnull=False)),
    "closed": Count("pk", filter=CLOSED),
    "closed_on_time": Count("pk", filter=ON_TIME),
    "rated": Count("pk", filter=RATED),
    "satisfied": Count("pk", filter=SATISFIED),
    "reopened": Count("pk", filter=CLOSED & Q(rework_count__gt=0)),
}
COUNTER_NAMES = tuple(CASE_COUNTERS)
STAT_COUNTERS = {name: Sum(name) for name in COUNTER_NAMES}

# 超期数: the finish clock is running and its deadline has passed (the workbench's "overdue").
OVERDUE_STATUSES = list(CLOCK_RUNNING)

# (key, DESIGN.md label, numerator, denominator)
RATES = (
    ("closure_rate", _("Closure rate (办结率)"), "closed", "registered"),
    ("on_time_rate", _("On-time closure rate (按期办结率)"), "closed_on_time", "closed"),
    ("satisfaction_rate", _("Satisfaction rate (满意率)"), "satisfied", "rated"),
    ("rework_rate", _("Rework rate (重办率)"), "reopened", "closed"),
)
LABELS = {
    "received": _("Received (受理量)"),
    "overdue": _("Overdue (超期数)"),
    **{key: label for key, label, _n, _d in RATES},
}


def ratio(numerator: int | None, denominator: int | None) -> float | None:
    """A share in [0, 1], or None when nothing is counted (shown as "—", never as 0 %)."""
    if not denominator:
        return None
    return round((numerator or 0) / denominator, 4)


def rates(counters: dict) -> dict[str, float | None]:
    return {key: ratio(counters.get(num), counters.get(den)) for key, _l, num, den in RATES}


def zero() -> dict[str, int]:
    return dict.fromkeys(COUNTER_NAMES, 0)
