"""Where a case stands against its finish deadline, for a countdown on a page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from .conditions import clock_runs


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
    # An urgent case's clock may start in adjudication, before any dispatch.
    deadline, start = case.finish_deadline, case.dispatched_at or case.registered_at
    paused = bool(case.extension_pending)
    running = clock_runs(case.status, case.urgency) and deadline is not None and not paused
    if deadline is None:
        return Clock(None, None, None, running, paused)
    share = None
    if start is not None and deadline > start:
        share = (now - start) / (deadline - start)
    return Clock(deadline, deadline - now, share, running, paused)
