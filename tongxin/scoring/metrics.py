"""The metrics of DESIGN.md, with one fixed definition each (docs/metrics.md), computed in
SQL: one aggregate query per dimension, grouped by that dimension, over a case queryset that
the caller has already narrowed through the jurisdiction filter. Python only divides the
per-group counts.

Period attribution: a case belongs to the period in which it was received (`created_at`);
every figure describes that cohort as it stands at `as_of` (the report time). Cases merged
into another case are duplicates of one appeal and are left out (the master counts once).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import (
    Avg,
    Count,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import TruncDay, TruncMonth, TruncWeek
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from tongxin.accounts.models import Membership, Role
from tongxin.cases.conditions import (
    IN_COHORT,
    RATED,
    REGISTERED,
    REGISTERED_RATED,
    REGISTERED_SATISFIED,
    SATISFIED,
    open_late,
)
from tongxin.cases.models import Case, CaseEvent, Status

FD = F("finish_deadline")
CLOSED = Q(status=Status.CLOSED)
# A unit's work is done at its final reply (办结反馈) that was then verified; cases closed
# without a reply (answered, merged) fall back to the close time.
DONE_ON_TIME = Q(replied_at__lte=FD) | Q(replied_at__isnull=True, closed_at__lte=FD)
DONE_LATE = Q(replied_at__gt=FD) | Q(replied_at__isnull=True, closed_at__gt=FD)

# The counts that do not depend on the report time. They add up over days and places, so
# the dashboard's daily summary (tongxin.analytics.CaseDailyStat) stores a subset of them
# under the same names and sums them: one definition for both.
CASE_COUNTS = {
    "received": Count("pk"),
    "registered": Count("pk", filter=REGISTERED),
    "signed_on_time": Count("pk", filter=Q(accept_deadline__isnull=False,
                                           accepted_at__lte=F("accept_deadline"))),
    "closed_registered": Count("pk", filter=REGISTERED & CLOSED),
    "closed_timed": Count("pk", filter=REGISTERED & CLOSED & Q(finish_deadline__isnull=False)),
    "closed_on_time": Count("pk", filter=REGISTERED & CLOSED & Q(finish_deadline__isnull=False)
                            & DONE_ON_TIME),
    "rated": Count("pk", filter=RATED),
    # The funnel's last two stages: of the registered cases now closed, those rated and those
    # satisfied (cases.conditions.FUNNEL_STAGES), so every stage lies inside the one before.
    "registered_rated": Count("pk", filter=REGISTERED_RATED),
    "registered_satisfied": Count("pk", filter=REGISTERED_SATISFIED),
    "satisfied": Count("pk", filter=SATISFIED),
    "closed": Count("pk", filter=CLOSED),
    "rated_closed": Count("pk", filter=CLOSED & ~Q(rating="")),
    "closed_or_reworked": Count("pk", filter=CLOSED | Q(rework_count__gt=0)),
    "reworked": Count("pk", filter=Q(rework_count__gt=0)),
    "dispatched": Count("pk", filter=Q(dispatched_at__isnull=False)),
    "returned": Count("pk", filter=Q(return_count__gt=0)),
}


def overdue(as_of: datetime) -> Q:
    """超期: finished after the finish deadline, or still unfinished past it at `as_of`."""
    return Q(finish_deadline__isnull=False) & (DONE_LATE | open_late(as_of))


def _counts(as_of: datetime) -> dict:
    """The counts every metric is a ratio of (numerators and denominators)."""
    sign_decided = Q(accept_deadline__isnull=False) & (
        Q(accepted_at__isnull=False) | Q(accept_deadline__lt=as_of)
    )
    return {
        **CASE_COUNTS,
        "sign_due": Count("pk", filter=sign_decided),
        "avg_hours": Avg("period_time__working_hours",
                         filter=CLOSED & Q(dispatched_at__isnull=False)),
        "overdue": Count("pk", filter=overdue(as_of)),
    }


@dataclass(frozen=True)
class Metric:
    key: str
    label: Promise
    numerator: str
    denominator: str | None = None  # None: a count or an average, not a rate

    def value(self, row: dict) -> float | int | None:
        if self.denominator is None:
            return row[self.numerator]
        den = row[self.denominator]
        return round(row[self.numerator] / den, 4) if den else None


# DESIGN.md's names, in DESIGN.md's order; the labels are the same on every page and report.
METRICS: tuple[Metric, ...] = (
    Metric("received", pgettext_lazy("metric", "Received"), "received"),
    Metric("registration_rate", pgettext_lazy("metric", "Registration rate"),
           "registered", "received"),
    Metric("on_time_acceptance_rate", pgettext_lazy("metric", "On-time acceptance rate"),
           "signed_on_time", "sign_due"),
    Metric("closure_rate", pgettext_lazy("metric", "Closure rate"),
           "closed_registered", "registered"),
    Metric("on_time_closure_rate", pgettext_lazy("metric", "On-time closure rate"),
           "closed_on_time", "closed_timed"),
    Metric("satisfaction_rate", pgettext_lazy("metric", "Satisfaction rate"), "satisfied", "rated"),
    Metric("return_visit_rate", pgettext_lazy("metric", "Return-visit rate"),
           "rated_closed", "closed"),
    Metric("rework_rate", pgettext_lazy("metric", "Rework rate"), "reworked", "closed_or_reworked"),
    Metric("return_rate", pgettext_lazy("metric", "Return rate"), "returned", "dispatched"),
    Metric("avg_handling_hours", pgettext_lazy("metric", "Average handling time (working hours)"),
           "avg_hours"),
    Metric("overdue", pgettext_lazy("metric", "Overdue"), "overdue"),
)
BY_KEY = {m.key: m for m in METRICS}
RATES = frozenset(m.key for m in METRICS if m.denominator)

DIMENSIONS: dict[str, str | None] = {
    "total": None,
    "unit": "lead_department_id",
    "street": "street_id",
    "community": "community_id",
    "grid": "grid_id",
    "category": "category_id",
    "channel": "channel",
    "day": "day",
    "week": "week",
    "month": "month",
}


def _tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def cohort(cases: QuerySet[Case], start: datetime, end: datetime) -> QuerySet[Case]:
    """Cases received in [start, end), duplicates merged into another case left out."""
    qs = cases.filter(IN_COHORT, created_at__gte=start, created_at__lt=end)
    # The handling times of this period only: the range goes into the join's ON clause, so
    # the database reads them through their index instead of hashing the whole table.
    period_time = FilteredRelation("handling_time", condition=Q(
        handling_time__case_created_at__gte=start, handling_time__case_created_at__lt=end))
    return qs.annotate(period_time=period_time).order_by()


def _grouped(qs: QuerySet[Case], dimension: str) -> QuerySet:
    column = DIMENSIONS[dimension]
    truncs = {"day": TruncDay, "week": TruncWeek, "month": TruncMonth}
    if dimension in truncs:
        qs = qs.annotate(**{dimension: truncs[dimension]("created_at", tzinfo=_tz())})
    return qs.values(column) if column else qs


def compute(cases: QuerySet[Case], *, start: datetime, end: datetime, dimension: str = "total",
            as_of: datetime) -> list[dict]:
    """One row per value of `dimension` (`key`) with every metric of METRICS and the raw
    counts under `counts`. `cases` must already be jurisdiction-filtered."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension: {dimension}")
    qs = _grouped(cohort(cases, start, end), dimension)
    counts = _counts(as_of)
    if DIMENSIONS[dimension] is None:
        rows = [qs.aggregate(**counts)]
    else:
        rows = list(qs.annotate(**counts).order_by(DIMENSIONS[dimension]))
    if dimension == "unit":
        _charge_returns_to_the_returning_unit(rows, cohort(cases, start, end))
    return [_present(row, DIMENSIONS[dimension]) for row in rows]


def _charge_returns_to_the_returning_unit(rows: list[dict], cases: QuerySet[Case]) -> None:
    """退单率 per unit: a return is charged to the unit that returned the case (the unit of
    the handler who did it), not to the unit that leads the case now. A unit's dispatched
    cases are those it leads now plus those it returned — a lead only ever changes by a
    return and a new dispatch."""
    handler_unit = Membership.objects.filter(
        user_id=OuterRef("actor_id"), role=Role.HANDLER, department__isnull=False
    ).values("department_id")[:1]
    returned = (
        CaseEvent.objects.filter(action="return", case_id__in=cases.values("pk"))
        .annotate(unit=Subquery(handler_unit))
        .values("unit", "case_id", "case__lead_department_id").distinct().order_by()
    )
    by_unit: dict[int, dict[str, int]] = {}
    for event in returned:  # one row per (unit, case) returned: few, not every case
        tally = by_unit.setdefault(event["unit"], {"returned": 0, "elsewhere": 0})
        tally["returned"] += 1
        tally["elsewhere"] += event["case__lead_department_id"] != event["unit"]
    for row in rows:
        tally = by_unit.pop(row["lead_department_id"], {"returned": 0, "elsewhere": 0})
        row["returned"] = tally["returned"]
        row["dispatched"] += tally["elsewhere"]
    # A unit that returned every case it got leads none of the period's cases.
    empty = {k: (None if k == "avg_hours" else 0) for k in rows[0]} if rows else {}
    for unit, tally in by_unit.items():
        if unit is not None and empty:
            rows.append({**empty, "lead_department_id": unit, "returned": tally["returned"],
                         "dispatched": tally["elsewhere"]})


def _present(row: dict, column: str | None) -> dict:
    values = {m.key: m.value(row) for m in METRICS}
    if values["avg_handling_hours"] is not None:
        values["avg_handling_hours"] = round(values["avg_handling_hours"], 2)
    return {"key": row.get(column) if column else None, **values, "counts": row}
