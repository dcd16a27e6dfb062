"""Map data: simplified region polygons, case clusters and h3 hotspot hexagons.

The server never ships a whole table of points: below POINT_ZOOM cases are binned in SQL
(floor of lat/lng over a cell size that halves with each zoom level) and only the bins go
out; at POINT_ZOOM and above the cases inside the visible box go out, capped at POINT_LIMIT.
Hotspots bin finely in SQL and fold the bins into h3 cells in Python (a few thousand bins at
most for a district), so the database does the heavy part and needs no h3 extension.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

import h3
from django.core.cache import cache
from django.db.models import Avg, Count, F, Max, Q, QuerySet
from django.db.models.functions import Floor
from django.urls import reverse
from shapely.geometry import mapping, shape

from tongxin.accounts.access import memberships_of
from tongxin.accounts.models import User
from tongxin.cases.models import OPEN_STATUSES, Case
from tongxin.regions.models import Level, Region
from tongxin.security.personal import scrub_text

from .scope import visible
from .stats import day_start

POINT_ZOOM, POINT_LIMIT = 16, 2000
# Simplification tolerance in degrees per level (≈ 50 m for streets, 10 m for grids).
TOLERANCE = {Level.DISTRICT: 5e-4, Level.STREET: 5e-4, Level.COMMUNITY: 2e-4, Level.GRID: 1e-4}
# h3 resolution per map zoom: coarse hexagons when zoomed out.
H3_RES = {10: 6, 11: 7, 12: 7, 13: 8, 14: 8, 15: 9}
WARNING_RANK = {"none": 0, "yellow": 1, "red": 2}


@dataclass(frozen=True)
class MapFilters:
    since: date | None = None
    until: date | None = None
    category: int | None = None
    status: str = ""
    channel: str = ""
    region: int | None = None


def filtered(user: User, f: MapFilters) -> QuerySet[Case]:
    qs = visible(user).order_by()
    if f.since:
        qs = qs.filter(created_at__gte=day_start(f.since))
    if f.until:
        qs = qs.filter(created_at__lt=day_start(f.until + timedelta(days=1)))
    if f.category:
        qs = qs.filter(Q(category_id=f.category) | Q(category__parent_id=f.category)
                       | Q(category__parent__parent_id=f.category))
    if f.status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif f.status:
        qs = qs.filter(status=f.status)
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.region:
        qs = qs.filter(Q(district_id=f.region) | Q(street_id=f.region)
                       | Q(community_id=f.region) | Q(grid_id=f.region))
    return qs.filter(lat__isnull=False, lng__isnull=False)


# ---------------------------------------------------------------- polygons


def region_roots(user: User) -> list[str]:
    """Paths of the region subtrees the user's map shows: their own regions; the whole tree
    for department staff, whose cases may lie anywhere."""
    paths = [m.region.path for m in memberships_of(user) if m.region is not None]
    if not paths or any(m.department_id for m in memberships_of(user)):
        return ["/"]
    return sorted(set(paths))


def regions_geojson(user: User, level: str) -> dict:
    roots = region_roots(user)
    stamp = Region.objects.aggregate(n=Count("pk"), m=Max("pk"))
    key = f"analytics:regions:{level}:{'|'.join(roots)}:{stamp['n']}:{stamp['m']}"
    cached = cache.get(key)
    if cached is None:
        cached = _build_regions(roots, level)
        cache.set(key, cached, 3600)
    return cached


def _build_regions(roots: list[str], level: str) -> dict:
    q = Q(pk__in=[])
    for root in roots:
        q |= Q(path__startswith=root)
    features = []
    for region in Region.objects.filter(q, level=level, geometry__isnull=False):
        geom = shape(region.geometry).simplify(TOLERANCE[Level(level)], preserve_topology=True)
        features.append({
            "type": "Feature", "geometry": mapping(geom),
            "properties": {"id": region.pk, "name": region.name, "code": region.code,
                           "level": region.level, "synthetic": region.synthetic},
        })
    return {"type": "FeatureCollection", "features": features}


# ---------------------------------------------------------------- points and clusters


def cell_size(zoom: int) -> float:
    """Bin edge in degrees: ~60 screen pixels at this zoom."""
    return 360.0 / (2 ** zoom) * 60 / 256


def in_box(qs: QuerySet[Case], bbox: tuple[float, float, float, float] | None) -> QuerySet:
    if bbox is None:
        return qs
    west, south, east, north = bbox
    return qs.filter(lng__gte=west, lng__lte=east, lat__gte=south, lat__lte=north)


def points(user: User, f: MapFilters, zoom: int,
           bbox: tuple[float, float, float, float] | None) -> dict:
    qs = in_box(filtered(user, f), bbox)
    if zoom >= POINT_ZOOM:
        # The ids first: the box is a filter on the covering index's included columns,
        # so this reads the index alone; then only the rows that go out.
        ids = list(qs.order_by("-created_at").values_list("pk", flat=True)[:POINT_LIMIT])
        rows = Case.objects.filter(pk__in=ids).order_by("-created_at").values(
            "pk", "number", "title", "lat", "lng", "status", "warning")
        # Map popups show the title only; a phone or ID number typed into it stays masked.
        items = [{**r, "title": scrub_text(r["title"]),
                  "url": reverse("workbench:case", args=[r["pk"]])} for r in rows]
        return {"mode": "points", "items": items, "truncated": len(items) == POINT_LIMIT}
    return {"mode": "clusters", "items": clusters(qs, cell_size(zoom))}


def _binned(qs: QuerySet[Case], size: float) -> QuerySet:
    return qs.annotate(bx=Floor(F("lng") / size), by=Floor(F("lat") / size)).values("bx", "by")


def clusters(qs: QuerySet[Case], size: float) -> list[dict]:
    rows = _binned(qs, size).annotate(
        n=Count("pk"), lat=Avg("lat"), lng=Avg("lng"),
        red=Count("pk", filter=Q(warning="red", status__in=OPEN_STATUSES)),
        yellow=Count("pk", filter=Q(warning="yellow", status__in=OPEN_STATUSES)),
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
    )
    return [{"lat": round(r["lat"], 6), "lng": round(r["lng"], 6), "count": r["n"],
             "open": r["open"], "red": r["red"], "yellow": r["yellow"]} for r in rows]


def hexes(user: User, f: MapFilters, zoom: int) -> dict:
    res = H3_RES.get(max(10, min(zoom, 15)), 8)
    # Bins well below the hexagon size, so folding them into hexagons loses nothing visible.
    size = h3.average_hexagon_edge_length(res, unit="km") / 111.0 / 4
    counts: dict[str, int] = defaultdict(int)
    for r in _binned(filtered(user, f), size).annotate(n=Count("pk"), lat=Avg("lat"),
                                                         lng=Avg("lng")):
        counts[h3.latlng_to_cell(r["lat"], r["lng"], res)] += r["n"]
    top = max(counts.values(), default=0)
    features = [{
        "type": "Feature", "geometry": _hexagon(cell),
        "properties": {"cell": cell, "count": n, "heat": round(n / top, 3) if top else 0},
    } for cell, n in counts.items()]
    return {"type": "FeatureCollection", "resolution": res, "features": features}


def _hexagon(cell: str) -> dict:
    ring = [[round(lng, 6), round(lat, 6)] for lat, lng in h3.cell_to_boundary(cell)]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}
