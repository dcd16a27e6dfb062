"""Chinese map datums → WGS-84 and back: GCJ-02 (高德, 腾讯, Google China) and BD-09 (百度).

Everything inside Tongxin is WGS-84; conversion happens once, at the edge (intake, imports,
the demo fixture builder). Functions take and return (lng, lat) in degrees, the GeoJSON order.

Why our own code and not a package: of the PyPI candidates, `coordtransform` (MIT, maintained)
ships only the one-step approximate inverses (GCJ → WGS 1–2 m off), `eviltransform` (last
release 2018) uses the WGS-84 semi-major axis where the datum uses Krasovsky's, so it misses
the published reference vectors by ~1e-7°, `coord-convert` (2019) iterates without a bound and
`prcoords` (2019) warns on every foreign point. The forward formulas are short, public and
fixed, and a dependency for forty lines is not worth its upkeep. Neither inverse has a closed
form, so both solve forward(x) = input by bounded fixed-point iteration until the residual is
below 1e-9° (≈ 0.1 mm), which none of the packages offers.

The `*_many` variants take numpy arrays so a polygon converts in one call.
"""

from __future__ import annotations

import math

import numpy as np

# Krasovsky 1940 ellipsoid, which GCJ-02 uses for its metre → degree step.
_A = 6378245.0
_EE = 0.00669342162296594323
# BD-09 works on GCJ-02 with a small rotation and a fixed shift.
_X_PI = math.pi * 3000.0 / 180.0
_BD_DLNG, _BD_DLAT = 0.0065, 0.006

# Residual at which the inverse stops: 1e-9° is about 0.1 mm on the ground.
INVERSE_TOLERANCE = 1e-9
_MAX_ITERATIONS = 30


def out_of_china(lng: float, lat: float) -> bool:
    """The rough box outside which GCJ-02 leaves coordinates unchanged (the box of the
    reference implementations, so results agree with them near its edges too)."""
    return not bool(_inside_mask(np.float64(lng), np.float64(lat)))


def _offset(lng, lat):
    """GCJ-02 minus WGS-84 in degrees at a WGS-84 point (scalars or numpy arrays)."""
    x, y = lng - 105.0, lat - 35.0
    d_lat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    d_lng = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    shared = (20.0 * np.sin(6.0 * x * math.pi) + 20.0 * np.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    d_lat = d_lat + shared
    d_lng = d_lng + shared
    d_lat = d_lat + (20.0 * np.sin(y * math.pi) + 40.0 * np.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    d_lng = d_lng + (20.0 * np.sin(x * math.pi) + 40.0 * np.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    d_lat = d_lat + (
        160.0 * np.sin(y / 12.0 * math.pi) + 320.0 * np.sin(y * math.pi / 30.0)
    ) * 2.0 / 3.0
    d_lng = d_lng + (
        150.0 * np.sin(x / 12.0 * math.pi) + 300.0 * np.sin(x / 30.0 * math.pi)
    ) * 2.0 / 3.0
    rad_lat = lat / 180.0 * math.pi
    magic = 1.0 - _EE * np.sin(rad_lat) ** 2
    sqrt_magic = np.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1.0 - _EE)) / (magic * sqrt_magic) * math.pi)
    d_lng = (d_lng * 180.0) / (_A / sqrt_magic * np.cos(rad_lat) * math.pi)
    return d_lng, d_lat


def _inside_mask(lng: np.ndarray | np.float64,
                 lat: np.ndarray | np.float64) -> np.ndarray | np.bool_:
    return (lng >= 72.004) & (lng <= 137.8347) & (lat >= 0.8293) & (lat <= 55.8271)


def _arrays(lng, lat) -> tuple[np.ndarray, np.ndarray]:
    return np.asarray(lng, dtype=np.float64), np.asarray(lat, dtype=np.float64)


# ---------------------------------------------------------------- GCJ-02


def wgs84_to_gcj02_many(lng, lat) -> tuple[np.ndarray, np.ndarray]:
    lng, lat = _arrays(lng, lat)
    d_lng, d_lat = _offset(lng, lat)
    inside = _inside_mask(lng, lat)
    return np.where(inside, lng + d_lng, lng), np.where(inside, lat + d_lat, lat)


def gcj02_to_wgs84_many(lng, lat) -> tuple[np.ndarray, np.ndarray]:
    """Exact inverse of `wgs84_to_gcj02_many` (outside China the input comes back as is)."""
    g_lng, g_lat = _arrays(lng, lat)
    inside = _inside_mask(g_lng, g_lat)
    w_lng, w_lat = _invert(wgs84_to_gcj02_many, g_lng, g_lat)
    return np.where(inside, w_lng, g_lng), np.where(inside, w_lat, g_lat)


def _invert(forward, lng: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Solve forward(x) = (lng, lat) by fixed-point iteration x ← x − (forward(x) − target).

    Both datums shift a point by a smooth offset that changes far slower than the position
    (its derivative is ~1e-4), so each step shrinks the error ~10 000-fold: three steps reach
    the tolerance from the starting guess x = target. The loop is bounded in any case.
    """
    w_lng, w_lat = lng.copy(), lat.copy()
    for _ in range(_MAX_ITERATIONS):
        f_lng, f_lat = forward(w_lng, w_lat)
        r_lng, r_lat = f_lng - lng, f_lat - lat
        w_lng, w_lat = w_lng - r_lng, w_lat - r_lat
        if max(np.max(np.abs(r_lng), initial=0), np.max(np.abs(r_lat), initial=0)) < (
            INVERSE_TOLERANCE
        ):
            break
    return w_lng, w_lat


def wgs84_to_gcj02(lng: float, lat: float) -> tuple[float, float]:
    x, y = wgs84_to_gcj02_many(lng, lat)
    return float(x), float(y)


def gcj02_to_wgs84(lng: float, lat: float) -> tuple[float, float]:
    x, y = gcj02_to_wgs84_many(lng, lat)
    return float(x), float(y)


# ---------------------------------------------------------------- BD-09


def gcj02_to_bd09_many(lng, lat) -> tuple[np.ndarray, np.ndarray]:
    lng, lat = _arrays(lng, lat)
    z = np.sqrt(lng * lng + lat * lat) + 0.00002 * np.sin(lat * _X_PI)
    theta = np.arctan2(lat, lng) + 0.000003 * np.cos(lng * _X_PI)
    return z * np.cos(theta) + _BD_DLNG, z * np.sin(theta) + _BD_DLAT


def bd09_to_gcj02_many(lng, lat) -> tuple[np.ndarray, np.ndarray]:
    """Exact inverse of `gcj02_to_bd09_many`. The widely copied closed form (subtract the
    shift, undo the rotation with the BD coordinates) is ~1e-6° (10 cm) off; iterating the
    forward formula removes that."""
    return _invert(gcj02_to_bd09_many, *_arrays(lng, lat))


def bd09_to_wgs84_many(lng, lat) -> tuple[np.ndarray, np.ndarray]:
    return gcj02_to_wgs84_many(*bd09_to_gcj02_many(lng, lat))


def wgs84_to_bd09_many(lng, lat) -> tuple[np.ndarray, np.ndarray]:
    return gcj02_to_bd09_many(*wgs84_to_gcj02_many(lng, lat))


def gcj02_to_bd09(lng: float, lat: float) -> tuple[float, float]:
    x, y = gcj02_to_bd09_many(lng, lat)
    return float(x), float(y)


def bd09_to_gcj02(lng: float, lat: float) -> tuple[float, float]:
    x, y = bd09_to_gcj02_many(lng, lat)
    return float(x), float(y)


def bd09_to_wgs84(lng: float, lat: float) -> tuple[float, float]:
    x, y = bd09_to_wgs84_many(lng, lat)
    return float(x), float(y)


def wgs84_to_bd09(lng: float, lat: float) -> tuple[float, float]:
    x, y = wgs84_to_bd09_many(lng, lat)
    return float(x), float(y)


# ---------------------------------------------------------------- by name

TO_WGS84 = {"wgs84": None, "gcj02": gcj02_to_wgs84, "bd09": bd09_to_wgs84}


def to_wgs84(lng: float, lat: float, datum: str) -> tuple[float, float]:
    """Convert from the named datum ("wgs84", "gcj02" or "bd09") to WGS-84."""
    try:
        convert = TO_WGS84[datum.lower().replace("-", "")]
    except KeyError:
        raise ValueError(f"unknown coordinate datum: {datum}") from None
    return (lng, lat) if convert is None else convert(lng, lat)


def geometry_gcj02_to_wgs84(geometry: dict) -> dict:
    """A GeoJSON Polygon or MultiPolygon converted ring by ring (other keys kept)."""
    def ring(coords: list) -> list:
        arr = np.asarray(coords, dtype=np.float64)
        lng, lat = gcj02_to_wgs84_many(arr[:, 0], arr[:, 1])
        return np.column_stack([lng, lat]).tolist()

    kind = geometry["type"]
    if kind == "Polygon":
        coords = [ring(r) for r in geometry["coordinates"]]
    elif kind == "MultiPolygon":
        coords = [[ring(r) for r in poly] for poly in geometry["coordinates"]]
    else:
        raise ValueError(f"unsupported geometry type: {kind}")
    return {**geometry, "coordinates": coords}
