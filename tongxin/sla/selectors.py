"""Reads for pages about time limits: calendar banners and a case's clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from .calendar import has_schedule
from .conditions import CLOCK_RUNNING


def calendar_warnings(today: date | None = None) -> list[str]:
    """Banner texts for administrators: this year or next year has no official holiday
    schedule, so deadlines there count Monday–Friday with only New Year's Day off.

    Next year is checked too because deadlines of cases dispatched in late December already
    fall into it, and the State Council publishes the schedule only in the autumn before.
    """
    today = today or timezone.localdate()
    messages = []
    for year in (today.year, today.year + 1):
        if not has_schedule(year):
            messages.append(
                _(
                    "No official holiday schedule for %(year)s: deadlines in %(year)s count "
                    "Monday to Friday with only New Year's Day off. Enter the State Council "
                    "notice under Time limits → Calendar days."
                ) % {"year": year}
            )
    return messages


@dataclass(frozen=True)
class Clock:
    """Where a case stands against its finish deadline, for a countdown on a page."""

    deadline: datetime | None
    remaining: timedelta | None  # negative once overdue
    share_used: float | None  # 0.0 at dispatch, 1.0 at the deadline (natural time)
    running: bool  # False: not dispatched yet, suspended, paused or finished
    paused: bool  # an extension request waits for a decision


def clock_of(case, now: datetime | None = None) -> Clock:
    now = now or timezone.now()
    deadline, start = case.finish_deadline, case.dispatched_at
    paused = bool(case.extension_pending)
    running = case.status in CLOCK_RUNNING and deadline is not None and not paused
    if deadline is None:
        return Clock(None, None, None, running, paused)
    share = None
    if start is not None and deadline > start:
        share = (now - start) / (deadline - start)
    return Clock(deadline, deadline - now, share, running, paused)
