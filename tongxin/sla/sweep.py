"""The deadline sweep: raise each yellow warning and red alarm exactly once.

Safe with any number of workers: each batch claims its rows with FOR UPDATE SKIP LOCKED
(PostgreSQL) or under SQLite's single writer lock (BEGIN IMMEDIATE), and both the claim and
the UPDATE only match cases whose warning is still below the level being raised, so a case
another worker already warned is never matched again. Fast on large tables: the claim is an
ordered scan of a partial index that holds only cases still waiting for that warning
(cases.models, conditions in sla.conditions), so warned, replied and closed cases cost nothing.

A red alarm also opens the automatic supervision order (督办单) in the same transaction: the
alarm and its order commit together or not at all. Notifications go out after the commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.db.models import Case as DbCase
from django.db.models import F, PositiveSmallIntegerField, Q, When
from django.utils import timezone

from tongxin.cases.models import Case, CaseEvent, Warning

from . import notify
from .conditions import CLOCK_RUNNING, RED_PENDING, YELLOW_PENDING

__all__ = ["BATCH", "CLOCK_RUNNING", "LEVELS", "Claimed", "Level", "claim_query", "sweep"]

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


@dataclass(frozen=True)
class Claimed:
    """One case claimed by a batch: what the events, orders and notifications need."""

    pk: int
    status: str
    number: str
    lead_department_id: int | None
    owner_region_id: int
    finish_deadline: datetime | None


FIELDS = ("pk", "status", "number", "lead_department_id", "owner_region_id", "finish_deadline")


def claim_query(level: Level, now: datetime):
    """The cases due for `level` at `now`, most overdue first (the partial index's order)."""
    return (
        Case.objects.filter(level.pending, **{f"{level.due}__lte": now})
        .order_by(level.due)
        .values_list(*FIELDS)
    )


def _claim(level: Level, now: datetime) -> list[Claimed]:
    qs = claim_query(level, now)
    if connection.vendor == "postgresql":
        qs = qs.select_for_update(skip_locked=True)
    return [Claimed(*row) for row in qs[:BATCH]]


def _raise_batch(level: Level, now: datetime) -> int:
    with transaction.atomic():
        rows = _claim(level, now)
        if not rows:
            return 0
        # Re-check the condition in the UPDATE itself: only rows still pending change. The
        # rows are locked by us, so this matches every claimed row.
        changes: dict = {"warning": level.warning}
        if level.warning == Warning.RED:
            # Each red case gets its automatic order below; counting it here spares the table
            # a second UPDATE of the same rows (every UPDATE rewrites all of Case's indexes).
            changes["supervision_count"] = DbCase(
                When(lead_department__isnull=False, then=F("supervision_count") + 1),
                default=F("supervision_count"), output_field=PositiveSmallIntegerField(),
            )
        updated = Case.objects.filter(level.pending, pk__in=[r.pk for r in rows]).update(
            **changes
        )
        if updated != len(rows):
            # Only possible without row locks (SQLite in DEFERRED mode): another worker got
            # some first. Roll the batch back and claim again rather than warn twice.
            raise _Raced
        alarms = CaseEvent.objects.bulk_create(
            CaseEvent(case_id=r.pk, action=f"warn_{level.warning}", at=now, from_status=r.status,
                      to_status=r.status, data={"due": level.due})
            for r in rows
        )
        if level.warning == Warning.RED:
            # Imported here: supervision builds on sla, not the other way round.
            from tongxin.supervision.auto import open_auto_orders

            open_auto_orders(rows=rows, alarms=alarms, now=now)
        transaction.on_commit(lambda: notify.warnings_raised(level.warning, rows, now=now))
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
