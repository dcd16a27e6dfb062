"""Build the demo district fixture (枣庄市市中区) from the shared reference data.

    .venv/bin/python scripts/build_region_fixture.py [--data ../shared/data/regions] [--out …]

Reads streets.csv, communities.csv and city_370400_districts.geojson and writes
tongxin/demo/fixtures/zaozhuang_shizhong.json: the real district outline (GCJ-02 → WGS-84,
at most MAX_VERTICES vertices, 6 decimals), the 11 real streets with their official codes,
their communities with sequence codes, and synthetic street / community / grid polygons that
partition the real outline. Only names, codes and the outline are copied (WTFPL, Apache-2.0,
DataV): the README of the data allows exactly that.

Deterministic: fixed seeds, fixed iteration counts and sorted inputs, so a rebuild on the same
libraries gives the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import MultiPoint, Point, mapping, shape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tongxin.regions.coords import geometry_gcj02_to_wgs84  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "regions"
DEFAULT_OUT = ROOT / "tongxin" / "demo" / "fixtures" / "zaozhuang_shizhong.json"

DISTRICT_CODE = "370402"
DISTRICT_NAME = "市中区"
CITY_FILE = "city_370400_districts.geojson"
MAX_VERTICES = 300
PRECISION = 1e-6  # 6 decimals ≈ 0.1 m: far below what a grid boundary means
SEED = 20240402
LLOYD_ROUNDS = 4  # relaxation steps: evens out cell sizes without wandering off
GRIDS_PER_COMMUNITY = (2, 4)

# Rough seats of the street offices (WGS-84), placed by hand so the synthetic streets sit in
# plausible places: the six urban streets around the district government, the five towns
# around them. Not surveyed; the polygons grown from them are labelled synthetic.
STREET_SEEDS = {
    "中心街街道": (117.552, 34.858),
    "文化路街道": (117.567, 34.862),
    "龙山路街道": (117.540, 34.871),
    "光明路街道": (117.561, 34.846),
    "矿区街道": (117.528, 34.851),
    "各塔埠街道": (117.586, 34.872),
    "齐村镇": (117.500, 34.920),
    "税郭镇": (117.660, 34.930),
    "孟庄镇": (117.700, 34.852),
    "永安镇": (117.615, 34.803),
    "西王庄镇": (117.490, 34.800),
}

NOTE = (
    "Demo fixture built by scripts/build_region_fixture.py. District outline: DataV GeoAtlas "
    "(GCJ-02, converted to WGS-84, simplified). Street names and 9-digit codes: national "
    "statistical division codes 2023 (modood/Administrative-divisions-of-China, WTFPL), "
    "extended to 12 digits with '000'. Community names: jionlp (Apache-2.0); community codes "
    "are sequence codes (street code + 3-digit sequence), NOT official codes. Every street, "
    "community and grid polygon is synthetic (generated), not an official boundary."
)


@dataclass
class Node:
    code: str
    name: str
    level: str
    parent: str | None
    geometry: object  # shapely geometry
    synthetic: bool
    children: list[Node] = field(default_factory=list)


# ---------------------------------------------------------------- reading


def read_streets(data: Path) -> list[tuple[str, str]]:
    with (data / "streets.csv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["areaCode"] == DISTRICT_CODE]
    return sorted((r["code"], r["name"]) for r in rows)


def read_communities(data: Path) -> dict[str, list[str]]:
    """Community names per street name, in file order, blank rows (the street itself) skipped."""
    out: dict[str, list[str]] = {}
    with (data / "communities.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            name = r["village_community"].strip()
            if r["county_code"] == DISTRICT_CODE and name and name not in out.get(
                r["town_street"], []
            ):
                out.setdefault(r["town_street"], []).append(name)
    return out


def read_outline(data: Path):
    collection = json.loads((data / CITY_FILE).read_text(encoding="utf-8"))
    feature = next(
        f for f in collection["features"] if str(f["properties"]["adcode"]) == DISTRICT_CODE
    )
    wgs = shape(geometry_gcj02_to_wgs84(feature["geometry"]))
    return snap(simplify(wgs, MAX_VERTICES))


# ---------------------------------------------------------------- geometry helpers


def vertex_count(geom) -> int:
    return int(shapely.get_num_coordinates(geom))


def simplify(geom, limit: int):
    """The least simplification (doubling tolerance from 1 m) that fits within `limit`."""
    tolerance = 1e-5
    while vertex_count(geom) > limit:
        geom = geom.simplify(tolerance, preserve_topology=True)
        tolerance *= 2
    return geom


def snap(geom):
    return shapely.make_valid(shapely.set_precision(geom, PRECISION))


def polygons_only(geom):
    """Drop the points and lines an intersection may leave where cells touch the outline."""
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if len(parts) > 1 else parts[0]


def random_points_inside(area, count: int, rng: np.random.Generator) -> list[Point]:
    x0, y0, x1, y1 = area.bounds
    shapely.prepare(area)
    points: list[Point] = []
    while len(points) < count:
        p = Point(rng.uniform(x0, x1), rng.uniform(y0, y1))
        if area.contains(p):
            points.append(p)
    return points


def inner_point(geom) -> Point:
    """The centroid when it falls inside (the usual case), else a point surely inside."""
    c = geom.centroid
    return c if geom.contains(c) else geom.point_on_surface()


def voronoi_cells(area, seeds: list[Point]) -> list:
    """One cell per seed, in seed order, clipped to `area`; the cells partition `area`."""
    diagram = shapely.voronoi_polygons(MultiPoint(seeds), extend_to=area, ordered=True)
    return [polygons_only(shapely.intersection(cell, area)) for cell in diagram.geoms]


def partition(area, count: int, rng: np.random.Generator, seeds: list[Point] | None = None):
    """Split `area` into `count` cells of similar size. Hand-placed seeds are used as given;
    random ones are relaxed with Lloyd's algorithm (move each seed to its cell's centre)."""
    if count == 1:
        return [area]
    if seeds is not None:
        return [snap(c) for c in voronoi_cells(area, seeds)]
    seeds = random_points_inside(area, count, rng)
    for _ in range(LLOYD_ROUNDS):
        seeds = [inner_point(c) for c in voronoi_cells(area, seeds)]
    return [snap(c) for c in voronoi_cells(area, seeds)]


def street_seeds(outline, names: list[str]) -> list[Point]:
    seeds = []
    for name in names:
        p = Point(STREET_SEEDS[name])
        if not outline.contains(p):
            raise SystemExit(f"street seed of {name} lies outside the district outline")
        seeds.append(p)
    return seeds


# ---------------------------------------------------------------- the tree


def build_tree(data: Path) -> Node:
    outline = read_outline(data)
    district = Node(f"{DISTRICT_CODE}000000", DISTRICT_NAME, "district", None, outline, False)
    streets = read_streets(data)
    communities = read_communities(data)
    rng = np.random.default_rng(SEED)
    names = [name for _, name in streets]
    cells = partition(outline, len(streets), rng, seeds=street_seeds(outline, names))
    for (code9, name), cell in zip(streets, cells, strict=True):
        street = Node(f"{code9}000", name, "street", district.code, cell, True)
        district.children.append(street)
        add_communities(street, code9, communities.get(name, []), rng)
    return district


def add_communities(street: Node, code9: str, names: list[str], rng) -> None:
    cells = partition(street.geometry, len(names), rng)
    for seq, (name, cell) in enumerate(zip(names, cells, strict=True), start=1):
        community = Node(f"{code9}{seq:03d}", name, "community", street.code, cell, True)
        street.children.append(community)
        count = int(rng.integers(GRIDS_PER_COMMUNITY[0], GRIDS_PER_COMMUNITY[1] + 1))
        for gseq, gcell in enumerate(partition(cell, count, rng), start=1):
            community.children.append(
                Node(f"{community.code}{gseq:02d}", f"{name}第{gseq}网格", "grid",
                     community.code, gcell, True)
            )


# ---------------------------------------------------------------- writing


def walk(node: Node):
    yield node
    for child in node.children:
        yield from walk(child)


def rounded(value):
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, (list, tuple)):
        return [rounded(v) for v in value]
    return value


def as_record(node: Node) -> dict:
    centre = inner_point(node.geometry)
    geometry = mapping(node.geometry)
    return {
        "code": node.code,
        "name": node.name,
        "level": node.level,
        "parent": node.parent,
        "synthetic": node.synthetic,
        "center": [round(centre.x, 6), round(centre.y, 6)],
        "geometry": {"type": geometry["type"], "coordinates": rounded(geometry["coordinates"])},
    }


def render(root: Node) -> str:
    """One region per line: compact, yet a rebuild shows up as a readable diff."""
    records = [as_record(n) for n in walk(root)]
    lines = [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in records]
    head = json.dumps({"note": NOTE, "datum": "WGS-84"}, ensure_ascii=False)[:-1]
    return head + ',"regions":[\n' + ",\n".join(lines) + "\n]}\n"


def build(data: Path, out: Path) -> dict:
    text = render(build_tree(data))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    regions = json.loads(text)["regions"]
    counts: dict[str, int] = {}
    for r in regions:
        counts[r["level"]] = counts.get(r["level"], 0) + 1
    return {"bytes": len(text.encode("utf-8")), **counts}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    print(json.dumps(build(args.data, args.out), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
