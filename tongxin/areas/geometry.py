"""Area shapes and the spatial index over them (pure shapely + numpy, no Django).

A road is stored as its centre line and a buffer in metres. The buffer is drawn in a local
equirectangular projection centred on the line (x = Δlng·cos φ₀, y = Δlat, in metres): across
a district (≤ 50 km) its error stays far below a GPS fix's, and it needs no projection library.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

METRES_PER_DEGREE = 111_320.0


class BadGeometry(ValueError):
    pass


def area_shape(geojson: dict, buffer_m: float = 0) -> BaseGeometry:
    """The WGS-84 shape an area covers: its polygon, or its line widened by `buffer_m`."""
    try:
        geom = shape(geojson)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BadGeometry(str(exc)) from exc
    if geom.is_empty or not geom.is_valid:
        raise BadGeometry("empty or invalid geometry")
    if geom.geom_type in ("LineString", "MultiLineString", "Point") and buffer_m <= 0:
        raise BadGeometry("a line needs a buffer in metres")
    return buffer_metres(geom, buffer_m) if buffer_m > 0 else geom


def buffer_metres(geom: BaseGeometry, metres: float) -> BaseGeometry:
    centre = geom.centroid
    lng0, lat0 = centre.x, centre.y
    scale_x = METRES_PER_DEGREE * math.cos(math.radians(lat0))

    def to_metres(xy: np.ndarray) -> np.ndarray:
        return np.column_stack(((xy[:, 0] - lng0) * scale_x, (xy[:, 1] - lat0) * METRES_PER_DEGREE))

    def to_degrees(xy: np.ndarray) -> np.ndarray:
        return np.column_stack((xy[:, 0] / scale_x + lng0, xy[:, 1] / METRES_PER_DEGREE + lat0))

    local = shapely.transform(geom, to_metres)
    return shapely.transform(local.buffer(metres, quad_segs=4), to_degrees)


@dataclass(frozen=True)
class Entry:
    """What the index knows of one area besides its shape."""

    area_id: int
    department_id: int
    kind: str
    categories: frozenset[int]  # covered category ids, sub-categories included; empty: all
    valid_from: date
    valid_to: date | None

    def holds_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)

    def covers(self, category_id: int | None) -> bool:
        return not self.categories or (category_id is not None and category_id in self.categories)


class AreaIndex:
    """An STRtree over every area's shape; a point's areas are the shapes that contain it."""

    def __init__(self, entries: Sequence[Entry], shapes: Sequence[BaseGeometry]) -> None:
        self.entries = list(entries)
        self.shapes = np.array(shapes, dtype=object)
        shapely.prepare(self.shapes)
        self.tree = shapely.STRtree(self.shapes)

    def __len__(self) -> int:
        return len(self.entries)

    def containing(self, lat: float, lng: float) -> list[Entry]:
        hits = self.tree.query(shapely.Point(lng, lat), predicate="intersects")
        return [self.entries[i] for i in sorted(hits)]

    def containing_many(self, lats: np.ndarray, lngs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(point index, area index) pairs, one per point inside an area: vectorised."""
        pairs = self.tree.query(shapely.points(lngs, lats), predicate="intersects")
        return pairs[0], pairs[1]
