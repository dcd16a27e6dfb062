"""Warning areas (预警区域): what lies inside a polygon drawn on the map (or a sensor's area) —
the grids it touches, the buildings inside, and from the base data the households with an
独居/空巢老人 or a disabled member, as a door-to-door check list for the grid workers.

Who is enrolled under a (sensitive) programme is shown only to those the base data's rule
allows (`basedata.access.sees_enrolment`); everyone else gets the count per grid. Names and
numbers are never listed: the grid worker finds the household by its id in the field app.
"""

from __future__ import annotations

from collections import Counter

from django.utils.translation import gettext as _
from shapely.errors import GEOSException
from shapely.geometry import Point, shape
from shapely.prepared import prep

from tongxin.accounts.models import User
from tongxin.basedata.access import base_filter, sees_enrolment
from tongxin.basedata.models import Building, Enrollment
from tongxin.regions.models import Level, Region

from .selectors import BadQuery

VULNERABLE = ("独居老人", "空巢老人", "残疾人")
MAX_VERTICES = 2000


def polygon_of(geometry: object):
    """A GeoJSON Polygon or MultiPolygon (WGS-84) as shapely; BadQuery otherwise."""
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        raise BadQuery(_("Give the area as a GeoJSON Polygon or MultiPolygon."))
    try:
        area = shape(geometry)
    except (GEOSException, ValueError, TypeError, KeyError, IndexError):
        raise BadQuery(_("The area is not a valid polygon.")) from None
    if area.is_empty or not area.is_valid or area.area == 0:
        raise BadQuery(_("The area is not a valid polygon."))
    if len(area.exterior.coords if area.geom_type == "Polygon" else []) > MAX_VERTICES:
        raise BadQuery(_("The area has too many points."))
    minx, miny, maxx, maxy = area.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise BadQuery(_("The area must be in WGS-84 longitude, latitude."))
    return area


def inside(user: User, geometry: object) -> dict:
    area = polygon_of(geometry)
    fast = prep(area)
    minx, miny, maxx, maxy = area.bounds
    grids = [g for g in Region.objects.filter(level=Level.GRID).only(
        "pk", "code", "name", "geometry") if g.geometry and fast.intersects(shape(g.geometry))]
    grid_ids = [g.pk for g in grids]

    def box(qs):
        return qs.filter(lat__gte=miny, lat__lte=maxy, lng__gte=minx, lng__lte=maxx)

    buildings = [b for b in box(base_filter(Building.objects.filter(grid_id__in=grid_ids),
                                            user)).order_by("code")
                 if fast.contains(Point(b.lng, b.lat))]
    checks: list[dict] = []
    hidden: Counter[str] = Counter()
    enrolments = (Enrollment.objects.filter(active=True, tag__name__in=VULNERABLE,
                                            person__grid_id__in=grid_ids)
                  .select_related("tag", "person").order_by("person__grid_id", "person_id"))
    names = {g.pk: g.name for g in grids}
    for e in enrolments:
        p = e.person
        if p.lat is None or p.lng is None or not fast.contains(Point(p.lng, p.lat)):
            continue
        if sees_enrolment(user, e.tag, p.grid_id):
            checks.append({"household": p.household_id, "person": p.pk, "tag": e.tag.name,
                           "grid": names[p.grid_id]})
        else:
            hidden[names[p.grid_id]] += 1
    return {
        "grids": [{"id": g.pk, "code": g.code, "name": g.name} for g in grids],
        "buildings": [{"id": b.pk, "code": b.code, "name": b.name, "lat": b.lat, "lng": b.lng}
                      for b in buildings],
        "door_to_door": checks,
        "hidden_by_grid": dict(hidden),
    }
