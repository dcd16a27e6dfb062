"""15分钟调解圈: which places are within a quarter of an hour of a mediation point.

The estimate is said as it is: a straight line from the place to the nearest mediation
organisation's point, walked at `TONGXIN_MEDIATION_CIRCLE_KMH` (5 km/h) with the streets'
detour folded in as a factor (`TONGXIN_MEDIATION_CIRCLE_DETOUR`, 1.3, the same factor as the
police ETA in tongxin.areas), so 15 minutes reach about 0.96 km in a straight line. There is
no road graph here; a district that has one replaces `minutes()`.

A grid's place is its polygon's representative point; buildings of the base data count by
their own points. Points, grids and building counts are no personal data: the page shows the
whole district to the mediation centre's staff.
"""

from __future__ import annotations

import numpy as np
from django.conf import settings
from shapely.geometry import shape

from tongxin.basedata.models import Building
from tongxin.regions.models import Level, Region

from .models import MediationOrg

EARTH_KM = 6371.0


def _setting(name: str, default: float) -> float:
    return float(getattr(settings, name, default))


def budget_minutes() -> float:
    return _setting("TONGXIN_MEDIATION_CIRCLE_MINUTES", 15)


def minutes(km: np.ndarray) -> np.ndarray:
    kmh = _setting("TONGXIN_MEDIATION_CIRCLE_KMH", 5)
    return km * _setting("TONGXIN_MEDIATION_CIRCLE_DETOUR", 1.3) / kmh * 60


def reach_km() -> float:
    """The straight-line radius of the budget: the circle drawn around each point."""
    return float(budget_minutes() / minutes(np.array([1.0]))[0])


def nearest_km(lat: np.ndarray, lng: np.ndarray, points: np.ndarray) -> np.ndarray:
    """For each place, the great-circle distance (haversine) to the nearest point, km.
    `points` is an (n, 2) array of lat, lng; at least one."""
    p1, l1 = np.radians(lat)[:, None], np.radians(lng)[:, None]
    p2, l2 = np.radians(points[:, 0])[None, :], np.radians(points[:, 1])[None, :]
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin((l2 - l1) / 2) ** 2
    return (2 * EARTH_KM * np.arcsin(np.sqrt(a))).min(axis=1)


def _points() -> list[dict]:
    return [{"name": org.department.name, "lat": org.lat, "lng": org.lng, "level": org.level}
            for org in MediationOrg.objects.select_related("department")
            .filter(lat__isnull=False, lng__isnull=False).order_by("pk")]


def _grids() -> list[tuple[Region, float, float]]:
    out = []
    for grid in Region.objects.filter(level=Level.GRID, geometry__isnull=False).order_by("code"):
        inner = shape(grid.geometry).representative_point()
        out.append((grid, inner.y, inner.x))
    return out


def circle() -> dict:
    """The map's data and its two shares: grids and buildings within the budget."""
    points, grids = _points(), _grids()
    features: list[dict] = []
    result: dict = {"minutes": budget_minutes(), "reach_m": round(reach_km() * 1000),
              "method": "straight_line", "points": points, "grids": features,
              "kmh": _setting("TONGXIN_MEDIATION_CIRCLE_KMH", 5),
              "detour": _setting("TONGXIN_MEDIATION_CIRCLE_DETOUR", 1.3),
              "grids_total": len(grids), "grids_within": 0,
              "buildings_total": 0, "buildings_within": 0}
    if not points:
        return result
    at = np.array([[p["lat"], p["lng"]] for p in points])
    if grids:
        taken = minutes(nearest_km(np.array([g[1] for g in grids]),
                                   np.array([g[2] for g in grids]), at))
        for (grid, lat, lng), mins in zip(grids, taken, strict=True):
            features.append({
                "type": "Feature", "geometry": grid.geometry,
                "properties": {"code": grid.code, "name": grid.name, "lat": lat, "lng": lng,
                               "minutes": round(float(mins), 1),
                               "within": bool(mins <= budget_minutes())}})
        result["grids_within"] = sum(f["properties"]["within"] for f in features)
    rows = np.array(list(Building.objects.filter(lat__isnull=False, lng__isnull=False)
                         .values_list("lat", "lng")), dtype=float).reshape(-1, 2)
    if len(rows):
        taken = minutes(nearest_km(rows[:, 0], rows[:, 1], at))
        result["buildings_total"] = len(rows)
        result["buildings_within"] = int((taken <= budget_minutes()).sum())
    return result
