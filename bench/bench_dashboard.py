"""Command-center endpoints at scale: p50/p95 latency of every dashboard and map endpoint
after `tongxin demo generate` has filled the case table, and the generator's speed.

    .venv/bin/python bench/bench_dashboard.py [--sizes 1000000] [--events all] [--runs 7]

Without DATABASE_URL: SQLite in a temporary file (default 1,000,000 cases, every event
trail). With DATABASE_URL (PostgreSQL): a scratch database `tongxin_bench_dashboard` next to
it, dropped afterwards (default sizes 1M → 3M → 10M, event trails for 1 case in 100). The
table grows step by step and every step is measured and recorded at once, so a run that is
stopped still leaves the largest size it reached in bench/results.json ("dashboard").
Latency is measured in-process through Django's test client (URL routing, jurisdiction,
queries, JSON encoding; no network), as a district dispatcher (reads the daily summary and
the worker's snapshots, refreshed and timed before each measurement),
a street dispatcher (one street) and a department handler (the summary's department rows).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
DB_NAME = "tongxin_bench_dashboard"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_sweep import create_database, drop_database, with_db  # noqa: E402
from results_file import record  # noqa: E402

ENDPOINTS = (
    ("dashboard", "/analytics/api/dashboard.json?period=month"),
    ("dashboard_year", "/analytics/api/dashboard.json?period=year"),
    ("regions_street", "/analytics/api/regions.json?level=street"),
    ("regions_grid", "/analytics/api/regions.json?level=grid"),
    ("map_clusters_z12", "/analytics/api/points.json?zoom=12"),
    ("map_clusters_z14_bbox",
     "/analytics/api/points.json?zoom=14&bbox=117.50,34.80,117.62,34.90"),
    ("map_points_z16_bbox",
     "/analytics/api/points.json?zoom=16&bbox=117.54,34.84,117.57,34.86"),
    ("map_hexes_z13", "/analytics/api/hexes.json?zoom=13"),
    ("map_filtered_open_hotline",
     "/analytics/api/points.json?zoom=12&status=open&channel=hotline"),
    ("warnings", "/analytics/api/warnings.json"),
    ("hot_and_trending", "/analytics/api/hot.json"),
)
USERS = ("dispatcher", "street_dispatcher", "handler")


def setup(url: str | None) -> str:
    if url:
        os.environ["DATABASE_URL"] = create_database(url, DB_NAME)
        label = "postgresql"
    else:
        os.environ.pop("DATABASE_URL", None)
        path = Path(tempfile.mkdtemp(prefix="tongxin-bench-")) / "bench.sqlite3"
        os.environ["TONGXIN_SQLITE_PATH"] = str(path)
        label = "sqlite"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("TONGXIN_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("demo", no_cases=True, verbosity=0)
    return label


def analyze() -> None:
    """Statistics for the planner, and on PostgreSQL the visibility map that lets the map's
    covering indexes answer without the table (autovacuum keeps both up on a live server;
    a bulk load outruns it)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def measure(runs: int) -> dict:
    from django.core.cache import cache
    from django.test import Client

    from tongxin.accounts.models import User

    out: dict = {}
    for username in USERS:
        client = Client()
        client.force_login(User.objects.get(username=username))
        for name, url in ENDPOINTS:
            times, size = [], 0
            for i in range(runs + 1):
                cache.clear()  # cold every time: region polygons and trending words are cached
                started = time.perf_counter()
                response = client.get(url)
                elapsed = time.perf_counter() - started
                assert response.status_code == 200, (url, response.status_code)
                size = len(response.content)
                if i:  # the first call warms imports and connections
                    times.append(elapsed * 1000)
            times.sort()
            out.setdefault(username, {})[name] = {
                "p50_ms": round(statistics.median(times), 1),
                "p95_ms": round(times[min(len(times) - 1, round(0.95 * (len(times) - 1)))], 1),
                "runs": runs, "bytes": size,
            }
            print(f"  {username:18} {name:28} p50 {out[username][name]['p50_ms']:8.1f} ms  "
                  f"p95 {out[username][name]['p95_ms']:8.1f} ms", flush=True)
    return out


def reuse(url: str | None, sqlite_path: Path | None) -> str:
    if url:
        os.environ["DATABASE_URL"] = with_db(url, DB_NAME)
    elif sqlite_path and sqlite_path.exists():
        os.environ["TONGXIN_SQLITE_PATH"] = str(sqlite_path)
    else:
        raise SystemExit("--reuse needs DATABASE_URL or an existing --sqlite-path")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("TONGXIN_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # indexes added since the database was filled
    return "postgresql" if url else "sqlite"


def previous_steps(args) -> list:
    import json

    try:
        data = json.loads(args.results.read_text(encoding="utf-8"))
        vendor = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
        return list(data["dashboard"][vendor]["steps"])
    except (OSError, ValueError, KeyError):
        return []


def refresh_snapshots() -> dict:
    """What the worker's `analytics_snapshots` job costs at this size (seconds per kind)."""
    from tongxin.analytics import snapshots

    t = time.perf_counter()
    took = snapshots.refresh()
    print(f"  snapshots refreshed in {time.perf_counter() - t:.1f} s: {took}", flush=True)
    return {**took, "total": round(time.perf_counter() - t, 1)}


def table_facts() -> dict:
    from tongxin.analytics.models import CaseDailyStat
    from tongxin.cases.models import Case, CaseEvent

    return {"cases": Case.objects.count(), "events": CaseEvent.objects.count(),
            "summary_rows": CaseDailyStat.objects.count()}


def server_settings() -> dict | None:
    """The PostgreSQL settings the figures depend on (defaults unless said otherwise)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    out = {}
    with connection.cursor() as cursor:
        for name in ("server_version", "shared_buffers", "work_mem",
                     "max_parallel_workers_per_gather", "effective_cache_size"):
            cursor.execute(f"SHOW {name}")
            out[name] = cursor.fetchone()[0]
    return out


def save(args, vendor: str, target: int, steps: list) -> None:
    record(args.results, "dashboard", vendor, {
        "server": server_settings(),
        "events": args.events if args.events != "sample"
        else f"trails for 1 case in {args.sample_every}",
        "years": args.years, "largest_size_reached": target, "steps": steps,
        "reused_database_filled_by": args.filled_by or None,
        "growth": "steps with 'generator' were filled by `tongxin demo generate` "
                  "(tongxin.demo.bulk), its speed including the index rebuild and the "
                  "summary rebuild timed apart",
        "method": "in-process Django test client, cache cleared before every call; "
                  "p50/p95 over the runs after one warm-up call; the worker's snapshots "
                  "refreshed (and timed) once before measuring",
    })


def main(argv: list[str] | None = None) -> int:
    pg_url = os.environ.get("DATABASE_URL")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000000,3000000,10000000" if pg_url else "1000000",
                        help="comma-separated case counts to grow to and measure at")
    parser.add_argument("--events", choices=["all", "sample", "none"],
                        default="sample" if pg_url else "all")
    parser.add_argument("--sample-every", type=int, default=100)
    parser.add_argument("--years", type=float, default=3.0)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--reuse", action="store_true",
                        help="PostgreSQL: continue in the existing scratch database")
    parser.add_argument("--sqlite-path", type=Path, help="--reuse: the SQLite file to reuse")
    parser.add_argument("--filled-by", default="",
                        help="--reuse: how the reused database was filled (recorded as given)")
    parser.add_argument("--rebuild", action="store_true",
                        help="--reuse: rebuild the summary first (after it changed shape)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]

    vendor = reuse(pg_url, args.sqlite_path) if args.reuse else setup(pg_url)
    from tongxin.cases.models import Case
    from tongxin.demo import bulk
    from tongxin.regions.models import Region

    district = Region.objects.get(level="district", parent=None)
    steps, total = previous_steps(args) if args.reuse else [], Case.objects.count()
    try:
        for target in sizes:
            add = target - total
            if add <= 0:
                growth = {"reused_as_filled": True}
                if args.rebuild:
                    from tongxin.analytics.stats import rebuild

                    t2 = time.perf_counter()
                    growth["summary_rows"] = rebuild()
                    growth["summary_rebuild_s"] = round(time.perf_counter() - t2, 1)
            else:
                print(f"== {vendor}: generating {add} cases (to {target})", flush=True)
                result = bulk.generate(district, bulk.Options(
                    count=add, years=args.years, seed=target, events=args.events,
                    sample_every=args.sample_every),
                    progress=lambda done, s: done % 500_000 < bulk.BATCH and print(
                        f"  {done} cases, {done / s:.0f}/s", flush=True))
                growth = {"generator": {
                    "cases_added": result.cases, "events_added": result.events,
                    "seconds": round(result.seconds, 1),
                    "cases_per_second": round(result.cases_per_second),
                    "summary_rebuild_s": round(result.summary_seconds, 1)}}
            total = target
            # Recorded before measuring too: a run stopped while measuring keeps the growth.
            save(args, vendor, target, steps + [{**table_facts(), **growth}])
            t = time.perf_counter()
            analyze()
            analyzed = round(time.perf_counter() - t, 1)
            steps.append({**table_facts(), **growth, "analyze_s": analyzed,
                          "snapshot_refresh_s": refresh_snapshots(),
                          "latency": measure(args.runs)})
            save(args, vendor, target, steps)
    finally:
        if pg_url and not args.keep:
            from django.db import connections

            connections.close_all()
            drop_database(pg_url, DB_NAME)
    return 0


if __name__ == "__main__":
    sys.exit(main())
