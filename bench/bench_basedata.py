"""Grid base data at district scale: import of N synthetic people (default 1,000,000), a
second import of the same file (which must create nothing), the grid profile's latency and
the lookup of a person by ID number.

The scratch database (as bench_loop.py) gets the demo district's 521 grids; the people file
is a CSV made in a temporary folder (valid GB 11643 check digits, spread evenly over the
grids, 5 % with a special-population tag) and deleted afterwards. Figures:
  import_rows_per_s, second_run_rows_per_s, second_run_created (must be 0),
  profile_ms: {grid, community, street, district} → p50/p95 over random regions,
  lookup_ms: p50/p95 over random ID numbers (blind-index lookup, as the API does).

Writes bench/results.json → "basedata": {"sqlite"|"postgresql": {...}}.

    .venv/bin/python bench/bench_basedata.py [--people 1000000] [--probes 200]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from bench_loop import _load, _server_version, _setup_django, bench_database
from results_file import record

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results.json"
KEY = "basedata"


def write_people(path: Path, grids: list[str], n: int, seed: int = 7) -> list[str]:
    """The CSV of n people; returns their ID numbers."""
    from stdnum.cn import ric

    rng, numbers = random.Random(seed), []
    start = date(1940, 1, 1)
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["姓名", "公民身份号码", "网格编码", "联系电话", "标签"])
        for i in range(n):
            # Unique by construction: day i // 1000, serial i % 1000.
            body = f"370402{start + timedelta(days=i // 1000):%Y%m%d}{i % 1000:03d}"
            number = body + ric.calc_check_digit(body + "0")
            numbers.append(number)
            out.writerow([f"测试{i}", number, grids[i % len(grids)],
                          f"13{rng.randrange(10**9):09d}", "独居老人" if i % 20 == 0 else ""])
    return numbers


def percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {"p50": round(statistics.median(ordered), 2),
            "p95": round(ordered[int(0.95 * (len(ordered) - 1))], 2), "n": len(ordered)}


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def measure(people: int, probes: int, folder: Path) -> dict:
    from django.db import connection
    from django.utils import timezone

    from tongxin.accounts.models import Membership, Role, User
    from tongxin.basedata import selectors
    from tongxin.basedata.importer import import_file
    from tongxin.demo.loader import Report, load_regions
    from tongxin.regions.models import Level, Region

    district = load_regions(Report())
    grids = list(Region.objects.filter(level=Level.GRID).values_list("code", flat=True))
    path = folder / "people.csv"
    started = time.perf_counter()
    numbers = write_people(path, grids, people)
    made = time.perf_counter() - started

    started = time.perf_counter()
    first = import_file(kind="people", path=path)
    first_s = time.perf_counter() - started
    started = time.perf_counter()
    second = import_file(kind="people", path=path)
    second_s = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    rng, now = random.Random(11), timezone.now()
    profile: dict = {}
    for level in (Level.GRID, Level.COMMUNITY, Level.STREET, Level.DISTRICT):
        regions = list(Region.objects.filter(level=level).defer("geometry"))
        picks = [rng.choice(regions) for _ in range(probes if level != Level.DISTRICT else 10)]
        profile[level] = percentiles([timed(lambda r=r: selectors.profile(r, now=now))
                                      for r in picks])
    user = User.objects.create(username="bench-dispatcher")
    Membership.objects.create(user=user, role=Role.DISPATCHER, region=district)
    lookup = percentiles([timed(lambda n=n: selectors.find_by_id_number(user, n))
                          for n in rng.sample(numbers, probes)])
    return {
        "people": people, "grids": len(grids), "file_seconds": round(made, 1),
        "imported": first.created, "failed": first.failed,
        "import_seconds": round(first_s, 1),
        "import_rows_per_s": round(people / first_s),
        "second_run_created": second.created, "second_run_skipped": second.skipped,
        "second_run_rows_per_s": round(people / second_s),
        "profile_ms": profile, "lookup_ms": lookup,
        "server_version": _server_version(connection), "load_after": _load(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--probes", type=int, default=200)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL") or None)
    parser.add_argument("--pg-database", default="tongxin_bench_basedata")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if args.people < args.probes or args.probes < 1:
        parser.error("--people must be at least --probes, and both positive")
    folder = Path(tempfile.mkdtemp(prefix="tongxin-basedata-"))
    try:
        with bench_database(args.database_url, args.pg_database) as vendor:
            _setup_django()
            figures = measure(args.people, args.probes, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    record(args.results, KEY, vendor, figures)
    print(f"basedata[{vendor}]: {figures['people']} people, import "
          f"{figures['import_rows_per_s']} rows/s, second run created "
          f"{figures['second_run_created']} ({figures['second_run_rows_per_s']} rows/s); "
          f"profile p95 {figures['profile_ms']}; lookup {figures['lookup_ms']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
