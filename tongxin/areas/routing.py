"""Which responsibility area answers for a case, and the sentence that says why.

Triage asks `area_route` once per report: a case of a covered category inside an area goes to
the area's unit (suggested first, dispatched automatically when the category is sure). Where
several areas hold the point, the one that names the category beats one that covers every
category, and a compound (its own property company) beats a road, a road a police block.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from tongxin.org.models import Department

from .geometry import Entry
from .locator import areas_at
from .models import AreaKind, ResponsibilityArea

PRECEDENCE = [AreaKind.COMPOUND, AreaKind.ROAD_SEGMENT, AreaKind.RIVER_REACH,
              AreaKind.POLICE_BLOCK, AreaKind.OTHER]


@dataclass(frozen=True)
class AreaRoute:
    area: ResponsibilityArea
    department: Department
    reason: str


def best(entries: list[Entry]) -> Entry | None:
    if not entries:
        return None
    return min(entries, key=lambda e: (not e.categories, PRECEDENCE.index(AreaKind(e.kind)),
                                       e.area_id))


def area_route(*, lat: float | None, lng: float | None, on: date,
               category_id: int | None) -> AreaRoute | None:
    """The area whose unit should lead a case of this category at this point on that day."""
    if lat is None or lng is None:
        return None
    entry = best(areas_at(lat, lng, on=on, category_id=category_id))
    if entry is None:
        return None
    area = (ResponsibilityArea.objects.select_related("department")
            .prefetch_related("chiefs").filter(pk=entry.area_id).first())
    if area is None:  # removed since the index was built (another process): not routed
        return None
    return AreaRoute(area, area.department, reason(area))


def reason(area: ResponsibilityArea) -> str:
    """在建设路（中段）路段范围内（二级路长: 王强）— the chain's most local link first."""
    chiefs = ", ".join(f"{c.title or c.get_level_display()}: {c.name}" for c in area.chiefs.all())
    return _("Inside the %(kind)s %(area)s (%(who)s)") % {
        "kind": KIND_NOUN[AreaKind(area.kind)], "area": area.name,
        "who": chiefs or str(area.department)}


KIND_NOUN = {
    AreaKind.ROAD_SEGMENT: pgettext_lazy("inside the …", "road segment"),
    AreaKind.POLICE_BLOCK: pgettext_lazy("inside the …", "police block"),
    AreaKind.COMPOUND: pgettext_lazy("inside the …", "compound"),
    AreaKind.RIVER_REACH: pgettext_lazy("inside the …", "river reach"),
    AreaKind.OTHER: pgettext_lazy("inside the …", "area"),
}
