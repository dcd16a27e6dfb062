"""GCJ-02 and BD-09 ↔ WGS-84 against published reference vectors.

Sources of the vectors (all (lng, lat) here):
- googollee/eviltransform test suites (Go, JS, Python, PHP …): three WGS-84 → GCJ-02 pairs.
- wandergis/coordtransform README: the point (116.404, 39.915) through every conversion.

Tolerances: the forward formulas are the published ones, so they must match to 1e-9°
(≈ 0.1 mm). Our inverses are exact (iterated), so a round trip must come back within 1e-9°.
The published *inverse* vectors come from one-step approximations; ours may differ from them
by that approximation's error: up to 2e-5° (≈ 2 m) for GCJ → WGS and 1e-6° (≈ 0.1 m) for
BD → GCJ.
"""

import numpy as np
import pytest

from tongxin.regions import coords

EXACT = 1e-9

EVILTRANSFORM = [
    # wgs lng, wgs lat, gcj lng, gcj lat
    (121.5272106, 31.1774276, 121.531541859215, 31.17530398364597),  # Shanghai
    (113.912316, 22.543847, 113.9171764808363, 22.540796131694766),  # Shenzhen
    (116.377817, 39.911954, 116.38404722455657, 39.91334545536069),  # Beijing
]

POINT = (116.404, 39.915)  # the wandergis/coordtransform README input


@pytest.mark.parametrize(("w_lng", "w_lat", "g_lng", "g_lat"), EVILTRANSFORM)
def test_wgs84_to_gcj02_matches_eviltransform_vectors(w_lng, w_lat, g_lng, g_lat):
    assert coords.wgs84_to_gcj02(w_lng, w_lat) == pytest.approx((g_lng, g_lat), abs=EXACT)


@pytest.mark.parametrize(("w_lng", "w_lat", "g_lng", "g_lat"), EVILTRANSFORM)
def test_gcj02_to_wgs84_inverts_exactly(w_lng, w_lat, g_lng, g_lat):
    assert coords.gcj02_to_wgs84(g_lng, g_lat) == pytest.approx((w_lng, w_lat), abs=1e-8)


def test_coordtransform_readme_forward_vectors():
    assert coords.wgs84_to_gcj02(*POINT) == pytest.approx(
        (116.41024449916938, 39.91640428150164), abs=EXACT
    )
    assert coords.gcj02_to_bd09(*POINT) == pytest.approx(
        (116.41036949371029, 39.92133699351021), abs=EXACT
    )
    assert coords.wgs84_to_bd09(*POINT) == pytest.approx(
        (116.41662724378733, 39.922699552216216), abs=EXACT
    )


def test_coordtransform_readme_inverse_vectors_within_their_approximation():
    assert coords.gcj02_to_wgs84(*POINT) == pytest.approx(
        (116.39775550083061, 39.91359571849836), abs=2e-5
    )
    assert coords.bd09_to_gcj02(*POINT) == pytest.approx(
        (116.39762729119315, 39.90865673957631), abs=1e-6
    )
    assert coords.bd09_to_wgs84(*POINT) == pytest.approx(
        (116.3913836995125, 39.907253214522164), abs=2e-5
    )


def test_round_trips_are_exact_across_china():
    rng = np.random.default_rng(7)
    lng, lat = rng.uniform(74, 135, 2000), rng.uniform(18, 53, 2000)
    back = coords.gcj02_to_wgs84_many(*coords.wgs84_to_gcj02_many(lng, lat))
    assert np.abs(back[0] - lng).max() < EXACT and np.abs(back[1] - lat).max() < EXACT
    back = coords.bd09_to_wgs84_many(*coords.wgs84_to_bd09_many(lng, lat))
    assert np.abs(back[0] - lng).max() < EXACT and np.abs(back[1] - lat).max() < EXACT


def test_the_shift_in_zaozhuang_is_a_few_hundred_metres():
    # A sanity check on the district the demo uses: GCJ-02 moves it by 300–700 m.
    w_lng, w_lat = coords.gcj02_to_wgs84(117.557281, 34.856651)
    metres = np.hypot((117.557281 - w_lng) * 91_400, (34.856651 - w_lat) * 111_000)
    assert 300 < metres < 700


def test_points_outside_china_are_left_alone_by_gcj02():
    london = (-0.1246, 51.5007)
    assert coords.wgs84_to_gcj02(*london) == london
    assert coords.gcj02_to_wgs84(*london) == london
    assert coords.out_of_china(*london)
    assert not coords.out_of_china(117.55, 34.86)


def test_to_wgs84_by_datum_name():
    assert coords.to_wgs84(*POINT, "WGS-84") == POINT
    assert coords.to_wgs84(*POINT, "GCJ-02") == coords.gcj02_to_wgs84(*POINT)
    assert coords.to_wgs84(*POINT, "bd09") == coords.bd09_to_wgs84(*POINT)
    with pytest.raises(ValueError):
        coords.to_wgs84(*POINT, "cgcs2000x")


def test_geometry_conversion_keeps_shape_and_moves_every_vertex():
    ring = [[117.5, 34.8], [117.6, 34.8], [117.6, 34.9], [117.5, 34.8]]
    out = coords.geometry_gcj02_to_wgs84({"type": "MultiPolygon", "coordinates": [[ring]]})
    converted = out["coordinates"][0][0]
    assert out["type"] == "MultiPolygon" and len(converted) == len(ring)
    for (g_lng, g_lat), (w_lng, w_lat) in zip(ring, converted, strict=True):
        assert (w_lng, w_lat) == pytest.approx(coords.gcj02_to_wgs84(g_lng, g_lat), abs=EXACT)
