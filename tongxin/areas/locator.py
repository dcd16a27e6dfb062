"""Point → responsibility areas, through one in-process index (tongxin.core.cache).

Every area (valid or not) is in the index; the date is checked per hit, so a compound whose
property company changed answers with the company of the day asked about.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date

from tongxin.core.cache import ProcessCache
from tongxin.org.selectors import category_subtrees

from .geometry import AreaIndex, BadGeometry, Entry, area_shape
from .models import ResponsibilityArea

log = logging.getLogger("tongxin.areas")


def _load() -> AreaIndex:
    below = category_subtrees()
    covered: dict[int, set[int]] = defaultdict(set)
    through = ResponsibilityArea.categories.through
    for area_id, category_id in through.objects.values_list("responsibilityarea_id",
                                                           "category_id"):
        covered[area_id] |= below.get(category_id, {category_id})
    entries, shapes = [], []
    rows = ResponsibilityArea.objects.filter(is_active=True).values_list(
        "pk", "department_id", "kind", "geometry", "buffer_m", "valid_from", "valid_to")
    for pk, department, kind, geometry, buffer_m, valid_from, valid_to in rows:
        try:
            shapes.append(area_shape(geometry, buffer_m))
        except BadGeometry:
            log.warning("responsibility area %s has an unusable geometry; skipped", pk)
            continue
        entries.append(Entry(pk, department, kind, frozenset(covered.get(pk, ())),
                             valid_from, valid_to))
    return AreaIndex(entries, shapes)


INDEX = ProcessCache(_load, ttl=60, watch=("areas.ResponsibilityArea", "org.Category"))


def areas_at(lat: float, lng: float, *, on: date | None = None,
             category_id: int | None = None) -> list[Entry]:
    """The areas containing the point (valid `on` that day, covering the category, when given)."""
    found = INDEX.get().containing(lat, lng)
    if on is not None:
        found = [e for e in found if e.holds_on(on)]
    if category_id is not None:
        found = [e for e in found if e.covers(category_id)]
    return found
