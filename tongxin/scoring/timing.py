"""Handling time of one case in working hours (Chinese official calendar, office hours)."""

from __future__ import annotations

from datetime import datetime

from tongxin.cases.models import Case
from tongxin.sla.calendar import WorkCalendar, working_time_between

from .models import HandlingTime


def handling_hours(dispatched_at: datetime, done_at: datetime,
                   cal: WorkCalendar | None = None) -> float:
    """Office time of working days between dispatch and the unit's reply, in hours."""
    return working_time_between(dispatched_at, done_at, cal).total_seconds() / 3600


def store_handling_time(*, case_id: int, at: datetime) -> HandlingTime | None:
    """Store (or, after rework, replace) the case's handling time. Only dispatched cases
    have one: a case answered at once or closed on the spot was never handled by a unit."""
    row = Case.objects.filter(pk=case_id).values("dispatched_at", "replied_at", "created_at").get()
    if row["dispatched_at"] is None:
        return None
    done = row["replied_at"] or at
    hours = handling_hours(row["dispatched_at"], done)
    obj, _created = HandlingTime.objects.update_or_create(
        case_id=case_id, defaults={"working_hours": round(hours, 4), "computed_at": at,
                                 "case_created_at": row["created_at"]},
    )
    return obj
