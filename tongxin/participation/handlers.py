"""有奖爆料: a citizen's report that the command center registers (立案) is a valid report
and earns points once. Rejected, merged (duplicate) and unregistered reports earn none. A
subscriber of the `register` events (tongxin.cases.events), in their transaction."""

from __future__ import annotations

from collections.abc import Sequence

from tongxin.cases.events import Recorded

from .models import PointsEntry, Reason
from .services import points_for


def on_registered(items: Sequence[Recorded]) -> None:
    rows = [
        PointsEntry(user_id=item.case.reporter_user_id, points=points_for(Reason.VALID_REPORT),
                    reason=Reason.VALID_REPORT, key=f"report:{item.case.pk}",
                    case_id=item.case.pk, note=item.case.number, created_at=item.event.at)
        for item in items if item.case.reporter_user_id
    ]
    if rows:  # the unique key makes a second registration of the same case earn nothing
        PointsEntry.objects.bulk_create(rows, ignore_conflicts=True)
