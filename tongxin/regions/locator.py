"""Point → region: which grid (and so community, street, district) contains a WGS-84 point.

The polygons are loaded once into a shapely STRtree; `reset()` drops the cache after the
region table changes (called from the Region post_save signal).
"""

from __future__ import annotations

from functools import lru_cache
from typing import cast

import h3
import numpy as np
import shapely
from shapely.geometry import shape

from .models import Level, Region
from .tree import node


class Locator:
    def __init__(self, regions: list[tuple[int, dict]]) -> None:
        self.ids = np.array([pk for pk, _ in regions], dtype=np.int64)
        self.geoms = [shape(geometry) for _, geometry in regions]
        self.tree = shapely.STRtree(self.geoms)

    def locate(self, lat: float, lng: float) -> int | None:
        """Id of the region containing the point, or None when it is outside all of them."""
        hits = self.tree.query(shapely.Point(lng, lat), predicate="intersects")
        return int(self.ids[hits.min()]) if len(hits) else None

    def locate_many(self, lats: np.ndarray, lngs: np.ndarray) -> np.ndarray:
        """Vectorised: region id for each point, -1 where a point is outside every region."""
        points = shapely.points(lngs, lats)
        point_idx, geom_idx = self.tree.query(points, predicate="intersects")
        out = np.full(len(points), -1, dtype=np.int64)
        # Reverse so the first matching polygon wins where polygons share an edge.
        out[point_idx[::-1]] = self.ids[geom_idx[::-1]]
        return out


    def metres_to_nearest(self, lat: float, lng: float) -> float:
        """Great-circle distance from the point to the nearest polygon (0 inside one)."""
        point = shapely.Point(lng, lat)
        nearest = self.geoms[int(self.tree.query_nearest(point)[0])]
        (x0, y0), (x1, y1) = shapely.shortest_line(point, nearest).coords
        return float(h3.great_circle_distance((y0, x0), (y1, x1), unit="m"))


def _load(level: str) -> Locator | None:
    # geometry__isnull=False: no row here has a None geometry.
    rows = cast("list[tuple[int, dict]]", list(
        Region.objects.filter(level=level, geometry__isnull=False).values_list("pk", "geometry")
    ))
    return Locator(rows) if rows else None


@lru_cache(maxsize=4)
def locator_for(level: str = Level.GRID) -> Locator | None:
    return _load(level)


def reset() -> None:
    locator_for.cache_clear()


def locate_point(lat: float, lng: float) -> Region | None:
    """The deepest region containing the point: a grid if grids cover it, else a street …"""
    for level in (Level.GRID, Level.COMMUNITY, Level.STREET, Level.DISTRICT):
        locator = locator_for(level)
        if locator and (pk := locator.locate(lat, lng)) is not None:
            return node(pk)
    return None


def metres_outside(lat: float, lng: float) -> float | None:
    """How far the point lies outside the service area (0 inside); None without polygons."""
    for level in (Level.DISTRICT, Level.STREET, Level.COMMUNITY, Level.GRID):
        locator = locator_for(level)
        if locator is not None:
            return locator.metres_to_nearest(lat, lng)
    return None
