"""Reads of the live feed: the case events after a given id that the user may see."""

from __future__ import annotations

from django.db.models import Max

from tongxin.accounts.models import User
from tongxin.cases.access import jurisdiction_filter
from tongxin.cases.models import Case, CaseEvent

# At most this many events per read: a burst (the sweep's thousand warnings) arrives in
# pieces, never as one huge message.
BATCH = 200


def last_event_id() -> int:
    return CaseEvent.objects.aggregate(m=Max("id"))["m"] or 0


def changes_since(user: User, after: int, *, limit: int = BATCH) -> list[dict]:
    """The visible case events with id > `after`, oldest first, each with what a screen
    needs to redraw the case: number, status, warning, urgency, title and map point."""
    visible = jurisdiction_filter(Case.objects.all(), user).values("pk")
    rows = (CaseEvent.objects.filter(id__gt=after, case_id__in=visible).order_by("id")
            .values("id", "action", "to_status", "at", "case_id", "case__number",
                    "case__status", "case__warning", "case__urgency", "case__title",
                    "case__lat", "case__lng", "case__street__name")[:limit])
    return [{
        "event": r["id"], "action": r["action"], "at": r["at"].isoformat(),
        "id": r["case_id"], "number": r["case__number"], "status": r["case__status"],
        "warning": r["case__warning"], "urgency": r["case__urgency"],
        "title": r["case__title"], "lat": r["case__lat"], "lng": r["case__lng"],
        "street": r["case__street__name"] or "",
    } for r in rows]
