"""The close subscriber: when a case reaches `closed`, store its handling time in working
hours. On the case-event bus (tongxin.cases.events), in the closing transaction, so it sees
every close whatever path closed the case (verify_pass, answer, close_on_spot, merge), and
the engine knows nothing of assessment."""

from __future__ import annotations

from collections.abc import Sequence

from tongxin.cases.events import Recorded
from tongxin.cases.models import Status

from .models import HandlingTime
from .timing import handling_hours


def on_events(items: Sequence[Recorded]) -> None:
    rows = []
    for item in items:
        case, event = item.case, item.event
        closing = event.to_status == Status.CLOSED and event.from_status != Status.CLOSED
        # Only dispatched cases have one: a case answered at once or closed on the spot was
        # never handled by a unit.
        if closing and case.dispatched_at is not None:
            hours = handling_hours(case.dispatched_at, case.replied_at or event.at)
            rows.append(HandlingTime(case_id=case.pk, working_hours=round(hours, 4),
                                     computed_at=event.at, case_created_at=case.created_at))
    if rows:  # after rework the figure is replaced: one upsert for the batch
        HandlingTime.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["case"],
            update_fields=["working_hours", "computed_at", "case_created_at"])
