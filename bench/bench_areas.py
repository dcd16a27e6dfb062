"""Point → grid and responsibility areas: 10,000 grids (bench_locator's lattice) and 10,000
areas — 5,000 road segments (three-point centre lines with a 30 m buffer) and 5,000 compound
polygons — located together, batch and one point at a time (issue: ≥ 100,000 points/s batch,
≤ 100 µs a single point).

No database: the shapes are built in memory with the same code the app uses
(tongxin.areas.geometry, tongxin.regions.locator). Writes bench/results.json key "areas".
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from datetime import date
from pathlib import Path

import django
import numpy as np
from bench_locator import EAST, NORTH, SOUTH, WEST, lattice
from results_file import record

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from tongxin.areas.geometry import AreaIndex, Entry, area_shape  # noqa: E402
from tongxin.regions.locator import Locator  # noqa: E402

KEY = "areas"
RESULTS = Path(__file__).resolve().parent / "results.json"


def synthetic_areas(count: int, rng: np.random.Generator) -> AreaIndex:
    entries, shapes = [], []
    for i in range(count):
        lat, lng = rng.uniform(SOUTH, NORTH), rng.uniform(WEST, EAST)
        if i % 2:
            line = {"type": "LineString", "coordinates": [
                [lng, lat], [lng + 0.003, lat + 0.001], [lng + 0.006, lat]]}
            shapes.append(area_shape(line, 30))
        else:
            d = 0.0015
            ring = [[lng, lat], [lng + d, lat], [lng + d, lat + d], [lng, lat + d], [lng, lat]]
            shapes.append(area_shape({"type": "Polygon", "coordinates": [ring]}))
        entries.append(Entry(i + 1, 1, "road_segment" if i % 2 else "compound", frozenset(),
                             date(2020, 1, 1), None))
    return AreaIndex(entries, shapes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--areas", type=int, default=10_000)
    parser.add_argument("--grids-side", type=int, default=100, help="100 → 10,000 grids")
    parser.add_argument("--points", type=int, default=100_000)
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    rng = np.random.default_rng(0)
    grids = Locator(lattice(args.grids_side, rng))
    started = time.perf_counter()
    areas = synthetic_areas(args.areas, rng)
    build = time.perf_counter() - started
    lats = rng.uniform(SOUTH, NORTH, args.points)
    lngs = rng.uniform(WEST, EAST, args.points)

    started = time.perf_counter()
    grid_ids = grids.locate_many(lats, lngs)
    point_idx, _area_idx = areas.containing_many(lats, lngs)
    batch_s = time.perf_counter() - started

    single_n = min(args.points, 20_000)
    started = time.perf_counter()
    hits = 0
    for lat, lng in zip(lats[:single_n], lngs[:single_n], strict=True):
        grids.locate(lat, lng)
        hits += len(areas.containing(lat, lng))
    single_s = time.perf_counter() - started
    in_batch = int(np.sum(point_idx < single_n))
    figures = {
        "grids": args.grids_side ** 2, "areas": len(areas), "points": args.points,
        "index_build_s": round(build, 3),
        "points_in_an_area_share": round(len(set(point_idx.tolist())) / args.points, 4),
        "batch_points_per_s": round(args.points / batch_s),
        "single_point_us": round(single_s / single_n * 1e6, 1),
        "single_and_batch_agree": hits == in_batch,
        "grid_found_share": round(float(np.mean(grid_ids >= 0)), 4),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
    }
    record(args.results, KEY, "shapely", figures)
    print(figures)
    return 0 if hits == in_batch else 1


if __name__ == "__main__":
    sys.exit(main())
