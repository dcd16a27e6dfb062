"""The deadline sweep: raise each yellow warning and red alarm exactly once.

Safe with any number of workers: each batch claims its rows with FOR UPDATE SKIP LOCKED
(PostgreSQL) or under SQLite's single writer lock (BEGIN IMMEDIATE), and both the claim and
the UPDATE only match cases whose warning is still below the level being raised, so a case
another worker already warned is never matched again. Fast on large tables: the claim is an
ordered scan of a partial index that holds only cases still waiting for that warning
(cases.models, conditions in cases.conditions), so warned, replied and closed cases cost
nothing.

The warnings are events on the bus (tongxin.cases.events), recorded for the whole batch at
once: their inbox rows, and for a red alarm the automatic supervision order, are written by
the subscribers in the same transaction, so they commit together or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from . import events
from .conditions import CLOCK_RUNNING, RED_PENDING, YELLOW_PENDING
from .models import Case, Warning

__all__ = ["BATCH", "CLOCK_RUNNING", "FIELDS", "LEVELS", "Level", "claim_query", "sweep"]

BATCH = 1000


@dataclass(frozen=True)
class Level:
    warning: str
    pending: Q  # the cases still waiting for this warning
    due: str  # the column compared with now


LEVELS = (
    Level(Warning.RED, RED_PENDING, "finish_deadline"),
    Level(Warning.YELLOW, YELLOW_PENDING, "yellow_at"),
)


# What the events and their subscribers read of a claimed case (the automatic order: the
# unit and the deadline; the inbox: the unit and the command center).
FIELDS = ("pk", "number", "status", "trail_head", "lead_department_id", "owner_region_id",
          "finish_deadline", "reporter_user_id", "channel", "warning", "supervision_count")


def claim_query(level: Level, now: datetime):
    """The cases due for `level` at `now`, most overdue first (the partial index's order)."""
    return (
        Case.objects.filter(level.pending, **{f"{level.due}__lte": now})
        .order_by(level.due)
        .only(*FIELDS)
    )


def _claim(level: Level, now: datetime) -> list[Case]:
    qs = claim_query(level, now)
    if connection.vendor == "postgresql":
        qs = qs.select_for_update(skip_locked=True)
    return list(qs[:BATCH])


def _raise_batch(level: Level, now: datetime) -> int:
    with transaction.atomic():
        rows = _claim(level, now)
        if not rows:
            return 0
        # Re-check the condition in the UPDATE itself: only rows still pending change. The
        # rows are locked by us, so this matches every claimed row.
        updated = Case.objects.filter(level.pending, pk__in=[r.pk for r in rows]).update(
            warning=level.warning
        )
        if updated != len(rows):
            # Only possible without row locks (SQLite in DEFERRED mode): another worker got
            # some first. Roll the batch back and claim again rather than warn twice.
            raise _Raced
        for case in rows:
            case.warning = level.warning
        events.record_many([
            (case, events.new_event(case, action=f"warn_{level.warning}", at=now,
                                    data={"due": level.due}))
            for case in rows
        ])
    return len(rows)


class _Raced(Exception):
    """The batch's UPDATE matched fewer rows than it claimed."""


def sweep(now: datetime | None = None) -> dict[str, int]:
    """Raise every warning that is due; returns how many of each were raised."""
    now = now or timezone.now()
    raised = {}
    for level in LEVELS:
        total, races = 0, 0
        while True:
            try:
                count = _raise_batch(level, now)
            except _Raced:
                races += 1
                if races > 3:
                    break  # leave the rest to the next round
                continue
            total += count
            if count < BATCH:  # the rest is taken (locked) by another worker, or there is none
                break
        raised[str(level.warning)] = total
    return raised
