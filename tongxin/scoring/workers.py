"""Grid-worker figures: reports, on-spot closures, verified results and household return
visits per grid worker, counted by when the worker did them (SQL, grouped by worker), and
their patrol coverage (patrols.py)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Q, QuerySet

from tongxin.accounts.models import Membership, Role
from tongxin.cases.models import Case, CaseEvent
from tongxin.feedback.models import Method, ReturnVisit, VisitStatus

from .patrols import patrol_coverage

# Counts, scored relative to the best worker of the ranking.
WORKER_FIGURES = ("reports", "on_spot", "verified", "household_visits")


def worker_figures(cases: QuerySet[Case], *, start: datetime, end: datetime,
                   as_of: datetime | None = None) -> dict[int, dict]:
    """{user id: figures} for every grid worker who acted on a case of `cases` (already
    jurisdiction-filtered) in [start, end). `patrol_coverage` is a share (None when no
    working day of the period is due yet), with `patrol_days` of `patrol_days_due`."""
    workers = Membership.objects.filter(role=Role.GRID_WORKER).values("user_id")
    events = (
        CaseEvent.objects.filter(at__gte=start, at__lt=end, actor_id__in=workers,
                                 case_id__in=cases.values("pk"))
        .values("actor_id")
        .annotate(
            reports=Count("pk", filter=Q(action="report")),
            on_spot=Count("pk", filter=Q(action="close_on_spot")),
            verified=Count("pk", filter=Q(action__in=["verify_pass", "verify_fail"])),
        )
        .order_by()
    )
    result: dict[int, dict] = {
        row["actor_id"]: {k: row[k] for k in ("reports", "on_spot", "verified")}
        | {"household_visits": 0}
        for row in events
    }
    visits = (
        ReturnVisit.objects.filter(
            method=Method.HOUSEHOLD, status=VisitStatus.ANSWERED, answered_at__gte=start,
            answered_at__lt=end, visited_by_id__in=workers, case_id__in=cases.values("pk"),
        )
        .values("visited_by_id").annotate(n=Count("pk")).order_by()
    )
    for row in visits:
        figures = result.setdefault(row["visited_by_id"], dict.fromkeys(WORKER_FIGURES, 0))
        figures["household_visits"] = row["n"]
    due, covered = patrol_coverage(list(result), start=start, end=end, as_of=as_of)
    for user_id, figures in result.items():
        figures["patrol_days"], figures["patrol_days_due"] = covered.get(user_id, 0), due
        figures["patrol_coverage"] = round(figures["patrol_days"] / due, 4) if due else None
    return result
