"""The deadline sweep: raise each yellow warning and red alarm exactly once.

Safe with any number of workers: each batch locks its rows with SKIP LOCKED (PostgreSQL) or
runs under SQLite's single writer lock, and the WHERE clause only matches cases whose warning
is still below the level being raised, so a case another worker already warned is not
matched again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from tongxin.cases.models import Case, CaseEvent, Status, Warning

# The finish clock runs from dispatch until the reply; adjudication suspends it (the case is
# not in these states then), and so does a pending extension request.
CLOCK_RUNNING = (Status.DISPATCHED, Status.IN_PROGRESS)
BATCH = 500


@dataclass(frozen=True)
class Level:
    warning: str
    below: tuple[str, ...]
    due: str  # the column compared with now


LEVELS = (
    Level(Warning.RED, (Warning.NONE, Warning.YELLOW), "finish_deadline"),
    Level(Warning.YELLOW, (Warning.NONE,), "yellow_at"),
)


def _due(level: Level, now: datetime):
    return Case.objects.filter(
        Q(**{f"{level.due}__lte": now}),
        status__in=CLOCK_RUNNING, warning__in=level.below, extension_pending=False,
    )


def _raise_batch(level: Level, now: datetime) -> int:
    with transaction.atomic():
        qs = _due(level, now).order_by(level.due).values_list("pk", "status")
        if connection.vendor == "postgresql":
            qs = qs.select_for_update(skip_locked=True)
        rows = list(qs[:BATCH])
        if not rows:
            return 0
        ids = [pk for pk, _ in rows]
        # Re-check the condition in the UPDATE itself: only rows still below the level change.
        Case.objects.filter(pk__in=ids, warning__in=level.below).update(warning=level.warning)
        CaseEvent.objects.bulk_create(
            CaseEvent(case_id=pk, action=f"warn_{level.warning}", at=now, from_status=status,
                      to_status=status, data={"due": level.due})
            for pk, status in rows
        )
    return len(rows)


def sweep(now: datetime | None = None) -> dict[str, int]:
    """Raise every warning that is due; returns how many of each were raised."""
    now = now or timezone.now()
    raised = {}
    for level in LEVELS:
        total = 0
        while count := _raise_batch(level, now):
            total += count
        raised[level.warning] = total
    return raised
