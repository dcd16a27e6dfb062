"""Duplicate detection: precision/recall on public data, and the time to find the likely
duplicates of one new case with N open cases in the table.

Quality (SQLite pass only; no database involved): tongxin.triage.evaluation — the hand-labelled
appeals-zh pairs (tests/triage/data) and the NYC 311 sample's rows resolved as duplicates, at a
sweep of thresholds; the protocol is described in that module. Skipped with a note when
../shared/data is missing.

Latency: a scratch database (as bench_loop.py) with the test world, N open cases in street A
(70 % pinned, spread over the street's 18 × 22 km; 30 % without a point; all inside the 30-day
window) inserted in bulk and indexed (tongxin.triage.textindex, as triage and the worker's
`text_index` job index them), then `find_duplicates` timed for new reports made through
create_case: cold (the vectors read from the table, as after a restart) and warm (kept in
process). Figures: median and 95th percentile milliseconds per new case, and the size of the
compared pool.

Writes bench/results.json → "duplicates": {"sqlite"|"postgresql": {...}}.

    .venv/bin/python bench/bench_duplicates.py [--sizes 100 1000 5000] [--probes 30]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

from bench_loop import _load, _server_version, _setup_django, bench_database
from results_file import record

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results.json"
KEY = "duplicates"
THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.5)
PROBLEMS = ("路灯不亮", "井盖缺失", "垃圾堆放", "占道经营", "噪音扰民", "停水", "油烟污染",
            "违章停车", "道路破损", "绿化带被毁", "污水外溢", "违建", "物业收费", "电梯故障")
PLACES = ("幸福路", "中兴路", "光明北路", "文化路", "龙山路", "建设路", "解放路", "青檀路")


def quality(data_dir: Path) -> dict:
    from tongxin.triage.evaluation import APPEALS, NYC, appeals_scores, nyc_scores
    from tongxin.triage.similarity import DEFAULT

    out: dict = {"default_threshold": DEFAULT.threshold, "min_text": DEFAULT.min_text}
    if (data_dir / APPEALS).exists():
        out["appeals_zh_pairs"] = [s.as_dict() for s in appeals_scores(data_dir, THRESHOLDS)]
    else:
        out["appeals_zh_pairs"] = "skipped: appeals-zh not available"
    if (data_dir / NYC).exists():
        out["nyc311"] = nyc_scores(data_dir, THRESHOLDS)
    else:
        out["nyc311"] = "skipped: NYC sample not available"
    return out


def fill(world, n: int, start: int, rng: random.Random) -> None:
    """n open cases in street A's grid A1/A2, bulk-inserted (the services are not measured)."""
    from django.utils import timezone

    from tongxin.cases.models import Case

    now = timezone.now()
    rows = []
    for i in range(start, start + n):
        pinned = rng.random() < 0.7
        community = "A1" if rng.random() < 0.5 else "A2"
        problem, place = rng.choice(PROBLEMS), rng.choice(PLACES)
        rows.append(Case(
            number=f"B{i:011d}", channel="portal", title=f"{place}{rng.randint(1, 300)}号{problem}",
            description=f"{place}附近{problem}，已经{rng.randint(1, 9)}天了，请尽快处理",
            lat=34.0 + rng.random() * 0.2 if pinned else None,
            lng=117.0 + rng.random() * 0.2 if pinned else None,
            district=world.district, street=world.streets["A"],
            community=world.communities[community], grid=world.grids[community],
            owner_region=world.streets["A"], status="registered",
            created_at=now - dt.timedelta(hours=rng.random() * 24 * 29),
        ))
    Case.objects.bulk_create(rows, batch_size=500)


def latency(sizes: list[int], probes: int) -> list[dict]:
    from tests.world import build_world
    from tongxin.cases.services import NewCase, create_case
    from tongxin.triage import textindex
    from tongxin.triage.duplicates import (
        candidate_cases,
        find_duplicates,
        index_missing,
        params,
    )

    rng = random.Random(42)
    world = build_world()
    citizen = world.user("citizen")
    out, filled = [], 0
    for size in sorted(sizes):
        fill(world, size - filled, filled, rng)
        filled = size
        while index_missing()["indexed"]:  # what triage and the worker's job do
            pass
        # From the stored vectors, not from this process's cache of them: as after a
        # restart, or on the other web worker.
        textindex.CACHE.clear()
        times, cold, pools = [], [], []
        for k in range(probes + 3):
            problem, place = rng.choice(PROBLEMS), rng.choice(PLACES)
            pinned = k % 3 != 0
            case = create_case(actor=citizen, new=NewCase(
                channel="portal", title=f"{place}{problem}",
                description=f"{place}{problem}，请处理",
                lat=34.0 + rng.random() * 0.2 if pinned else None,
                lng=117.0 + rng.random() * 0.2 if pinned else None,
                region=None if pinned else world.communities["A1"]))
            textindex.CACHE.clear()
            start = time.perf_counter()
            find_duplicates(case)  # cold: every vector read from the table
            cold_ms = (time.perf_counter() - start) * 1000
            start = time.perf_counter()
            find_duplicates(case)  # warm: the vectors in this process
            elapsed = time.perf_counter() - start
            if k >= 3:  # the first calls warm the other caches (regions, policies …)
                times.append(elapsed * 1000)
                cold.append(cold_ms)
                pools.append(candidate_cases(case, params()).count())
            case.status = "rejected"  # keep N open cases constant
            case.save(update_fields=["status"])
        times.sort()
        cold.sort()
        out.append({
            "open_cases": size, "probes": probes,
            "median_ms": round(statistics.median(times), 2),
            "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 2),
            "cold_median_ms": round(statistics.median(cold), 2),
            "cold_p95_ms": round(cold[min(len(cold) - 1, int(0.95 * len(cold)))], 2),
            "median_pool": int(statistics.median(pools)), "max_pool": max(pools),
        })
        print(f"  {size} open cases: median {out[-1]['median_ms']} ms, "
              f"p95 {out[-1]['p95_ms']} ms, pool {out[-1]['median_pool']}", flush=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000, 100000])
    parser.add_argument("--probes", type=int, default=30)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL") or None)
    parser.add_argument("--pg-database", default="tongxin_bench_duplicates")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if args.probes < 1 or min(args.sizes) < 1:
        parser.error("--sizes and --probes must be positive")

    with bench_database(args.database_url, args.pg_database) as vendor:
        _setup_django()
        from django.conf import settings
        from django.db import connection

        figures: dict = {}
        if vendor == "sqlite":
            figures["quality"] = quality(Path(settings.SHARED_DATA_DIR))
        figures["latency"] = latency(args.sizes, args.probes)
        figures["server"] = f"{connection.vendor} {_server_version(connection)}"
        figures["load_average"] = _load()
        figures["measured_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    record(args.results, KEY, vendor, figures)
    print(f"duplicates[{vendor}] written to {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
