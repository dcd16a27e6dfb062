"""How many cases per second go through the whole closed loop, via the services (no HTTP).

Each case: create (a citizen's report with a GPS point) → register → dispatch → accept →
reply → verify_pass → rate: seven service calls, seven CaseEvents, each call its own
transaction with its row lock, permission check and on-commit notification. The actors are
loaded afresh for every call, as a web request would load the session's user.

The database is the one DATABASE_URL names (SQLite when unset), but never its data:
  SQLite      a fresh temporary file with the production settings (WAL, BEGIN IMMEDIATE);
  PostgreSQL  a dedicated database (default tongxin_bench_loop) on the same server, created
              through the `postgres` maintenance database and dropped afterwards.

Writes bench/results.json → "case_loop": {"sqlite"|"postgresql": {...}} (read-modify-write:
other keys are kept) and the top-level "machine" record.

    .venv/bin/python bench/bench_loop.py [--cases 500]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/bench_loop.py
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from results_file import record

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results.json"
KEY = "case_loop"


# ---------------------------------------------------------------- database set-up


def _with_dbname(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def _maintenance(url: str):
    import psycopg

    parts = urlsplit(_with_dbname(url, "postgres"))
    return psycopg.connect(
        dbname="postgres", host=parts.hostname or "127.0.0.1", port=parts.port or 5432,
        user=parts.username or "postgres", password=parts.password, autocommit=True,
        connect_timeout=5,
    )


def _drop(url: str, name: str) -> None:
    with _maintenance(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def bench_database(server_url: str | None, pg_name: str):
    """Point Django at a throw-away database for the run; yields the vendor name."""
    if not server_url:
        tmp = tempfile.mkdtemp(prefix="tongxin-bench-")
        os.environ.pop("DATABASE_URL", None)
        os.environ["TONGXIN_DATA_DIR"] = tmp
        os.environ["TONGXIN_CREATE_KEYS"] = "1"  # a throwaway install writes its own keys
        os.environ["TONGXIN_SQLITE_PATH"] = os.path.join(tmp, "bench.sqlite3")
        try:
            yield "sqlite"
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return
    _drop(server_url, pg_name)
    with _maintenance(server_url) as conn:
        conn.execute(f'CREATE DATABASE "{pg_name}"')
    os.environ["DATABASE_URL"] = _with_dbname(server_url, pg_name)
    try:
        yield "postgresql"
    finally:
        from django.db import connections

        connections.close_all()
        _drop(server_url, pg_name)


# ---------------------------------------------------------------- the loop


def _setup_django():
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("TONGXIN_LOG_LEVEL", "ERROR")  # no warning per deadline computed
    import django

    django.setup()
    from django.conf import settings

    # build_world makes eleven accounts; hashing their passwords is not what we measure.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def run_one(world, i: int) -> None:
    """One case through the full loop."""
    from tongxin.cases import services
    from tongxin.cases.services import ActionInput, NewCase

    # Points spread over grid A1 (lng 117.0–117.2, lat 34.0–34.1) so the locator works.
    lat = 34.005 + (i % 90) * 0.001
    lng = 117.005 + (i % 190) * 0.001
    case = services.create_case(
        actor=world.user("citizen"),
        new=NewCase(channel="portal", title=f"路灯不亮 {i}", description="小区门口路灯坏了",
                    lat=lat, lng=lng),
    )
    steps = [
        ("register", "street_a", ActionInput()),
        ("dispatch", "street_a", ActionInput(lead_department=world.departments["cg"])),
        ("accept", "handler", ActionInput()),
        ("reply", "handler", ActionInput(note="已更换灯泡，恢复照明")),
        ("verify_pass", "street_a", ActionInput()),
        ("rate", "citizen", ActionInput(rating="satisfied")),
    ]
    for action, user, data in steps:
        services.act(case_id=case.pk, actor=world.user(user), action=action, data=data)


def measure(cases: int, warmup: int) -> dict:
    from django.db import connection

    from tests.world import build_world
    from tongxin.cases.models import Case, CaseEvent

    world = build_world()
    for i in range(warmup):  # fill the ORM's and the locator's caches
        run_one(world, i)
    events_before = CaseEvent.objects.count()
    start, cpu_start = time.perf_counter(), time.process_time()
    for i in range(warmup, warmup + cases):
        run_one(world, i)
    seconds = time.perf_counter() - start
    # CPU of this (client) process alone: on a busy machine wall time says little by itself.
    cpu = time.process_time() - cpu_start
    events = CaseEvent.objects.count() - events_before
    finished = Case.objects.filter(status="closed", rating="satisfied").count()
    if finished != cases + warmup:
        raise SystemExit(f"only {finished} of {cases + warmup} cases finished the loop")
    return {
        "cases": cases,
        "seconds": round(seconds, 3),
        "cases_per_second": round(cases / seconds, 2),
        "events_per_second": round(events / seconds, 1),
        "events_per_case": events // cases,
        "client_cpu_seconds": round(cpu, 3),
        "load_average": _load(),
        "service_calls_per_case": 7,
        "warmup_cases": warmup,
        "server": f"{connection.vendor} {_server_version(connection)}",
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def _load() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def _server_version(connection) -> str:
    if connection.vendor == "sqlite":
        import sqlite3

        return sqlite3.sqlite_version
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


# ---------------------------------------------------------------- results file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=500, help="cases to drive (default 500)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed cases first")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL") or None,
                        help="PostgreSQL server to use (default: DATABASE_URL; unset: SQLite)")
    parser.add_argument("--pg-database", default="tongxin_bench_loop",
                        help="the scratch database created and dropped on that server")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if args.cases < 1:
        parser.error("--cases must be positive")

    with bench_database(args.database_url, args.pg_database) as vendor:
        _setup_django()
        figures = measure(args.cases, args.warmup)
    record(args.results, KEY, vendor, figures)
    print(f"case_loop[{vendor}]: {figures['cases']} cases in {figures['seconds']} s = "
          f"{figures['cases_per_second']} cases/s, {figures['events_per_second']} events/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
