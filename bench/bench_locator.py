"""Point → grid locator throughput: shapely STRtree (vectorised batch and one point at a time)
against a plain loop over the polygons, with 10,000 synthetic grid polygons.

No database: the polygons are a 100 × 100 lattice of jittered quadrilaterals covering a
district-sized box, so every figure measures the geometry work alone. Writes
bench/results.json key "locator".
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import django
import numpy as np
import shapely
from results_file import record

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()  # the locator module sits beside the Region model; no query is made here

from tongxin.regions.locator import Locator  # noqa: E402

KEY = "locator"
RESULTS = Path(__file__).resolve().parent / "results.json"
WEST, SOUTH, EAST, NORTH = 117.35, 34.70, 117.80, 35.05  # about the size of 市中区


def lattice(side: int, rng: np.random.Generator) -> list[tuple[int, dict]]:
    """side × side quadrilaterals sharing jittered corners, so they tile the box exactly."""
    xs = np.linspace(WEST, EAST, side + 1)
    ys = np.linspace(SOUTH, NORTH, side + 1)
    gx, gy = np.meshgrid(xs, ys, indexing="ij")
    jitter = 0.3 * (xs[1] - xs[0])
    gx[1:-1, 1:-1] += rng.uniform(-jitter, jitter, (side - 1, side - 1))
    gy[1:-1, 1:-1] += rng.uniform(-jitter, jitter, (side - 1, side - 1))
    polygons = []
    for i in range(side):
        for j in range(side):
            ring = [[gx[i, j], gy[i, j]], [gx[i + 1, j], gy[i + 1, j]],
                    [gx[i + 1, j + 1], gy[i + 1, j + 1]], [gx[i, j + 1], gy[i, j + 1]]]
            ring.append(ring[0])
            polygons.append((i * side + j + 1, {"type": "Polygon", "coordinates": [ring]}))
    return polygons


def plain_loop(geoms: list, ids: np.ndarray, lats: np.ndarray, lngs: np.ndarray) -> np.ndarray:
    """The naive way: test every polygon for every point."""
    out = np.full(len(lats), -1, dtype=np.int64)
    for k, (lat, lng) in enumerate(zip(lats, lngs, strict=True)):
        point = shapely.Point(lng, lat)
        for pk, geom in zip(ids, geoms, strict=True):
            if geom.intersects(point):
                out[k] = pk
                break
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--polygons-side", type=int, default=100, help="100 → 10,000 polygons")
    parser.add_argument("--points", type=int, default=100_000)
    parser.add_argument("--loop-points", type=int, default=200, help="points for the slow loop")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    rng = np.random.default_rng(0)
    regions = lattice(args.polygons_side, rng)
    started = time.perf_counter()
    locator = Locator(regions)
    build = time.perf_counter() - started
    # A margin around the box, so about a sixth of the points miss every polygon.
    lats = rng.uniform(SOUTH - 0.02, NORTH + 0.02, args.points)
    lngs = rng.uniform(WEST - 0.02, EAST + 0.02, args.points)

    started = time.perf_counter()
    batch = locator.locate_many(lats, lngs)
    batch_s = time.perf_counter() - started

    single_n = min(args.points, 20_000)
    started = time.perf_counter()
    single = [locator.locate(lat, lng) for lat, lng in zip(lats[:single_n], lngs[:single_n],
                                                           strict=True)]
    single_s = time.perf_counter() - started

    n = args.loop_points
    started = time.perf_counter()
    slow = plain_loop(locator.geoms, locator.ids, lats[:n], lngs[:n])
    loop_s = time.perf_counter() - started

    # The three methods must agree where a point lies strictly inside one polygon.
    agree = bool(np.array_equal(slow, batch[:n]))
    single_agree = all((s if s is not None else -1) == b
                       for s, b in zip(single[:n], batch[:n], strict=True))
    figures = {
        "polygons": len(regions),
        "points": args.points,
        "outside_share": round(float(np.mean(batch == -1)), 4),
        "index_build_s": round(build, 3),
        "strtree_batch_points_per_s": round(args.points / batch_s),
        "strtree_single_points_per_s": round(single_n / single_s),
        "plain_loop_points_per_s": round(n / loop_s, 1),
        "speedup_batch_vs_loop": round((args.points / batch_s) / (n / loop_s)),
        "methods_agree_on_sample": agree and single_agree,
        "shapely": shapely.__version__,
    }
    record(args.results, KEY, "shapely", figures)  # no database involved
    print(figures)
    return 0 if agree and single_agree else 1


if __name__ == "__main__":
    sys.exit(main())
