"""`make bench`: run every benchmark and collect the figures in bench/results.json.

Each benchmark is a script that writes its own key of results.json (read-modify-write, so
they never overwrite each other) and sets up its own scratch database. A script runs once per
database it lists: on SQLite without DATABASE_URL (the script makes a temporary file), on
PostgreSQL with DATABASE_URL naming the server (default postgres://postgres@127.0.0.1:5432/test;
the script creates and drops its own database there). PostgreSQL passes are skipped with a
message when no server answers.

    .venv/bin/python bench/run_all.py                  # everything
    .venv/bin/python bench/run_all.py --only case_loop -- --cases 100
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/test"


SQLITE, POSTGRESQL = "sqlite", "postgresql"


@dataclass(frozen=True)
class Bench:
    name: str  # its key in results.json
    script: str  # path from the repository root
    databases: tuple[str, ...] = (SQLITE, POSTGRESQL)  # one run per database listed
    args: tuple[str, ...] = ()


# Add new benchmarks here; they run in this order.
BENCHES: list[Bench] = [
    Bench("case_loop", "bench/bench_loop.py"),
    Bench("sla_sweep", "bench/bench_sweep.py", databases=(POSTGRESQL,)),
    Bench("http_intake", "bench/bench_http_intake.py", databases=(POSTGRESQL,)),
    # Statements per step, actions/s and reports/s over HTTP beside the raw ceiling.
    Bench("write_path", "bench/bench_write_path.py", databases=(POSTGRESQL,)),
    # The classifier touches no database; one run is enough.
    Bench("triage_classifier", "bench/triage_bench.py", databases=(SQLITE,)),
    # Ten stratified 80/20 splits, old and new classifier, and their speed.
    Bench("triage_holdout", "bench/triage_holdout_bench.py", databases=(SQLITE,)),
    Bench("locator", "bench/bench_locator.py", databases=(SQLITE,)),
    # 1M cases on SQLite, 1M → 3M → 10M on PostgreSQL: long (see the script's docstring).
    Bench("dashboard", "bench/bench_dashboard.py"),
    # Precision/recall (SQLite pass) and detection latency per new case on both databases.
    Bench("duplicates", "bench/bench_duplicates.py"),
    Bench("metrics", "bench/bench_metrics.py", databases=(POSTGRESQL,)),
    Bench("hotline", "bench/bench_hotline.py"),
    Bench("triage_routing", "bench/triage_routing_bench.py", databases=(SQLITE,)),
    # 1,000,000 synthetic people imported twice, the grid profile and the ID lookup.
    Bench("basedata", "bench/bench_basedata.py"),
    # 2,000 MQTT messages/s from 1,000 simulated devices for 60 s through the local broker.
    Bench("sensing", "bench/bench_sensing.py"),
    # 10,000 responsibility areas beside 10,000 grids: points located batch and one by one.
    Bench("areas", "bench/bench_areas.py", databases=(SQLITE,)),
    # 秒转快办: a case handed to the mediation committee until its queue sees it (< 1 s).
    Bench("mediation", "bench/bench_mediation.py"),
    # 应急指挥: a 30-step plan started until every unit is told (< 2 s); nearest resource
    # p95 at 10,000 resources (≤ 200 ms).
    Bench("emergency", "bench/bench_emergency.py"),
    # 网格议事会: one vote under the household constraint; 吹哨报到: the whistle and its misses.
    Bench("councils", "bench/bench_councils.py"),
]


def postgres_reachable(url: str) -> str | None:
    """None when a server answers at `url`, else the reason it does not."""
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any failure means "skip with a message"
        return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return None


def run(bench: Bench, database_url: str | None, extra: list[str]) -> int:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    label = f"{bench.name} [{POSTGRESQL if database_url else SQLITE}]"
    print(f"== {label}: {bench.script}", flush=True)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, str(REPO / bench.script), *bench.args, *extra],
                          cwd=REPO, env=env)
    print(f"== {label}: exit {done.returncode} after {time.perf_counter() - start:.1f} s",
          flush=True)
    return done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description="Run the benchmarks into bench/results.json")
    parser.add_argument("--only", action="append", default=[],
                        help="run only this benchmark (repeatable): "
                             + ", ".join(b.name for b in BENCHES))
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("extra", nargs="*",
                        help="arguments after -- go to every script run (combine with --only)")
    args = parser.parse_args()

    pg_url = os.environ.get("DATABASE_URL") or DEFAULT_PG
    pg_missing = "disabled by --no-postgres" if args.no_postgres else postgres_reachable(pg_url)
    if pg_missing:
        print(f"PostgreSQL passes SKIPPED: no server at {pg_url} ({pg_missing})", flush=True)

    failures = []
    for bench in BENCHES:
        if args.only and bench.name not in args.only:
            continue
        for database in bench.databases:
            if database == POSTGRESQL and pg_missing:
                print(f"== {bench.name} [{POSTGRESQL}]: SKIPPED (no PostgreSQL)", flush=True)
                continue
            if run(bench, pg_url if database == POSTGRESQL else None, args.extra) != 0:
                failures.append(f"{bench.name} [{database}]")
    print(f"results: {REPO / 'bench' / 'results.json'}")
    if failures:
        print(f"FAILED: {', '.join(failures)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
