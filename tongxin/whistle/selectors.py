"""Reads of 吹哨报到: a department's queue of calls, and the calls of one case."""

from __future__ import annotations

from django.db.models import QuerySet

from tongxin.accounts.models import User
from tongxin.cases.models import Case

from .models import WhistleCall
from .services import _departments_of


def queue_of(user: User, *, open_only: bool = True) -> QuerySet[WhistleCall]:
    """The calls to the departments `user` acknowledges for, oldest deadline first."""
    qs = WhistleCall.objects.filter(department_id__in=_departments_of(user))
    if open_only:
        qs = qs.filter(acknowledged_at__isnull=True)
    return qs.select_related("case", "department").order_by("due_at")


def calls_of(case: Case) -> list[WhistleCall]:
    """The calls of a case the reader already sees (the case page)."""
    return list(WhistleCall.objects.filter(case_id=case.pk).select_related("department")
                .order_by("called_at", "department__name"))


def missed_by_department(start, end) -> dict[int, int]:
    """Misses found in [start, end) per department: what the unit score deducts."""
    from django.db.models import Count

    rows = (WhistleCall.objects.filter(missed_at__gte=start, missed_at__lt=end)
            .values("department_id").annotate(n=Count("pk")).order_by())
    return {r["department_id"]: r["n"] for r in rows}
