import json
from pathlib import Path

import shapely
from shapely.geometry import shape

FIXTURE = Path(__file__).resolve().parents[2] / "tongxin/demo/fixtures/zaozhuang_shizhong.json"


def test_region_fixture_is_compact_and_says_what_is_synthetic():
    assert FIXTURE.stat().st_size < 1_000_000
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert "sequence codes" in data["note"] and "synthetic" in data["note"]
    district, *rest = data["regions"]
    assert district["level"] == "district" and not district["synthetic"]
    assert shapely.get_num_coordinates(shape(district["geometry"])) <= 300
    assert all(r["synthetic"] for r in rest)


def test_coordinates_are_wgs84_and_rounded_to_six_decimals():
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert data["datum"] == "WGS-84"
    for region in data["regions"][:50]:
        for x, y in shapely.get_coordinates(shape(region["geometry"])):
            assert 117.4 < x < 117.8 and 34.7 < y < 35.0
            assert round(x, 6) == x and round(y, 6) == y
