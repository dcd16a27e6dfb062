"""Pausing and resuming a case's clock.

The finish clock starts at dispatch. It pauses while the case waits for a decision on an
extension request (the command center, not the unit, holds it up then), and it never runs in
a suspended state such as adjudication (see sla.conditions). When a pause ends without a new
deadline — the extension was denied — every deadline still ahead of the pause moves later by
the time the pause took, measured in the units the limit is counted in: a request made on
Friday evening and denied on Monday at 9:00 costs no working time, so it moves nothing.

An approved extension does not use this: the approved date simply becomes the deadline.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings

from .calendar import WorkCalendar, add_working_hours, working_time_between
from .models import Unit


def shift_for_pause(moment: datetime | None, paused_from: datetime, paused_to: datetime,
                    unit: str, cal: WorkCalendar | None = None) -> datetime | None:
    """`moment` moved later by the length of the pause, counted in `unit`.

    A moment that had already passed when the pause began stays where it is: the pause cannot
    undo lateness that happened before it.
    """
    if moment is None or moment <= paused_from or paused_to <= paused_from:
        return moment
    if unit == Unit.NATURAL_HOURS:
        return moment + (paused_to - paused_from)
    cal = cal or WorkCalendar()
    lost = working_time_between(paused_from, paused_to, cal)
    if not lost:
        return moment
    return add_working_hours(moment, lost.total_seconds() / 3600, cal)


def resume_after_pause(case, now: datetime, cal: WorkCalendar | None = None) -> list[str]:
    """Move the deadlines of `case` (a locked cases.Case) later by the pause that began at
    `case.extension_requested_at` and ends `now`. Returns the changed field names; the caller
    saves them. A case without a recorded pause start is left alone (older rows)."""
    started = getattr(case, "extension_requested_at", None)
    if started is None or now <= started:
        return []
    cal = cal or WorkCalendar()
    policy = case.policy
    finish_unit = policy.finish_unit if policy else Unit.NATURAL_HOURS
    accept_unit = policy.accept_unit if policy else Unit.NATURAL_HOURS
    moves = {
        "finish_deadline": finish_unit,
        # The yellow mark is a share of the finish time, so it moves the same way.
        "yellow_at": finish_unit,
    }
    if case.accepted_at is None:  # only a case not yet signed for still has a sign-for clock
        moves["accept_deadline"] = accept_unit
    changed = []
    for name, unit in moves.items():
        before = getattr(case, name)
        after = shift_for_pause(before, started, now, unit, cal)
        if after != before:
            setattr(case, name, after)
            changed.append(name)
    return changed


def yellow_mark(start: datetime, deadline: datetime, unit: str,
                cal: WorkCalendar | None = None, share: float | None = None) -> datetime:
    """When the yellow warning is due: `share` (settings.TONGXIN_YELLOW_SHARE, 80 %) of the
    time from `start` to `deadline`, counted like the limit. For a limit in working days or
    hours that is a share of the office time in between, so a holiday inside the limit (the
    nine days of Spring Festival) does not make the warning come after two of five working
    days; natural-hour limits (urgent cases) share natural time."""
    share = float(settings.TONGXIN_YELLOW_SHARE) if share is None else share
    if unit != Unit.NATURAL_HOURS:
        cal = cal or WorkCalendar()
        office = working_time_between(start, deadline, cal)
        if office > timedelta(0):
            return add_working_hours(start, share * office.total_seconds() / 3600, cal)
    return start + (deadline - start) * share
