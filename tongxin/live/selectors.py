"""Reads of the live feed: the case events after a given id that the user may see."""

from __future__ import annotations

from django.db.models import Max
from django.urls import reverse

from tongxin.accounts.models import User
from tongxin.cases.access import jurisdiction_filter
from tongxin.cases.models import Case, CaseEvent, Status
from tongxin.security.personal import scrub_text

# At most this many events per read: a burst (the sweep's thousand warnings) arrives in
# pieces, never as one huge message.
BATCH = 200


def last_event_id() -> int:
    return CaseEvent.objects.aggregate(m=Max("id"))["m"] or 0


def changes_since(user: User, after: int, *, limit: int = BATCH) -> list[dict]:
    """The visible case events with id > `after`, oldest first, each with what a screen
    needs to redraw the case: number, status (and its label in the active language),
    warning, urgency, title (a phone or ID number typed into it masked, as on the map), map
    point and page."""
    labels = dict(Status.choices)
    visible = jurisdiction_filter(Case.objects.all(), user).values("pk")
    rows = (CaseEvent.objects.filter(id__gt=after, case_id__in=visible).order_by("id")
            .values("id", "action", "to_status", "at", "case_id", "case__number",
                    "case__status", "case__warning", "case__urgency", "case__title",
                    "case__lat", "case__lng", "case__street__name")[:limit])
    return [{
        "event": r["id"], "action": r["action"], "at": r["at"].isoformat(),
        "id": r["case_id"], "number": r["case__number"], "status": r["case__status"],
        "status_label": str(labels.get(r["case__status"], r["case__status"])),
        "url": reverse("workbench:case", args=[r["case_id"]]),
        "warning": r["case__warning"], "urgency": r["case__urgency"],
        "title": scrub_text(r["case__title"]), "lat": r["case__lat"], "lng": r["case__lng"],
        "street": r["case__street__name"] or "",
    } for r in rows]
