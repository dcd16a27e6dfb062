"""Deadline sweep on PostgreSQL: one full sweep over a million open cases, then how long after
a deadline the red alarm is written while workers loop under concurrent write load.

    .venv/bin/python bench/bench_sweep.py [--cases 1000000] [--workers 2] [--interval 1]

Creates its own database `tongxin_bench_sweep` next to the one in BENCH_PG_URL /
DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), migrates it, loads the
cases with one INSERT … SELECT generate_series, measures, writes the figures to
bench/results.json under "sla_sweep" (other keys are kept) and drops the database.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
DB_NAME = "tongxin_bench_sweep"
sys.path.insert(0, str(ROOT))


def with_db(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def create_database(base_url: str, name: str = DB_NAME) -> str:
    with psycopg.connect(with_db(base_url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return with_db(base_url, name)


def drop_database(base_url: str, name: str = DB_NAME) -> None:
    with psycopg.connect(with_db(base_url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("TONGXIN_LOG_LEVEL", "WARNING")
    import django

    django.setup()


# ------------------------------------------------------------------ data


def build_org(streets: int = 12, units: int = 60) -> dict:
    """A district with streets, units (2 handlers and a leader each), command centers and
    supervisors: who the sweep's orders and notifications go to."""
    from tongxin.accounts.models import Membership, Role, User
    from tongxin.org.models import Department
    from tongxin.regions.models import Level, Region
    from tongxin.sla.models import TimeLimitPolicy
    from tongxin.supervision.models import UnitLeader

    district = Region.objects.create(code="BENCH", name="基准区", level=Level.DISTRICT)
    street_rows = [
        Region.objects.create(code=f"BENCH{i:03d}", name=f"街道{i}", level=Level.STREET,
                              parent=district)
        for i in range(streets)
    ]
    depts = Department.objects.bulk_create(
        Department(code=f"U{i:03d}", name=f"承办单位{i}", region=district) for i in range(units)
    )
    users = User.objects.bulk_create(
        User(username=f"bench{i}", password="!") for i in range(units * 3 + streets + 2)
    )
    it = iter(users)
    members, leaders = [], []
    for dept in depts:
        members += [Membership(user=next(it), role=Role.HANDLER, department=dept)
                    for _ in range(2)]
        leaders.append(UnitLeader(department=dept, user=next(it)))
    members += [Membership(user=next(it), role=Role.DISPATCHER, region=s) for s in street_rows]
    members.append(Membership(user=next(it), role=Role.LEADER, region=district))
    members.append(Membership(user=next(it), role=Role.SUPERVISOR, region=district))
    Membership.objects.bulk_create(members)
    UnitLeader.objects.bulk_create(leaders)
    return {
        "district": district.pk, "streets": [s.pk for s in street_rows],
        "departments": [d.pk for d in depts],
        "policy": TimeLimitPolicy.objects.get(name="general").pk,
    }


def insert_cases(url: str, org: dict, count: int, t0: datetime, red_pm: int,
                 yellow_pm: int) -> float:
    """`count` open dispatched / in-progress cases in one statement. Per mille of them:
    `red_pm` past their deadline, `yellow_pm` past 80 % of their time, the rest on time;
    about 1 % wait for an extension decision (paused, never warned)."""
    sql = """
    WITH s AS (
        SELECT i, i %% 1000 AS b, random() AS r FROM generate_series(1, %(n)s) AS i
    ), d AS (
        SELECT i, b, r,
          CASE WHEN b < %(red)s THEN %(t0)s - (1 + r * 72) * interval '1 hour'
               WHEN b < %(red)s + %(yel)s THEN %(t0)s + (1 + r * 40) * interval '1 hour'
               ELSE %(t0)s + (25 + r * 200) * interval '1 hour' END AS f,
          CASE WHEN b < %(red)s THEN %(t0)s - (25 + r * 72) * interval '1 hour'
               WHEN b < %(red)s + %(yel)s THEN %(t0)s - r * 20 * interval '1 hour'
               ELSE %(t0)s + (1 + r * 200) * interval '1 hour' END AS y
        FROM s
    )
    INSERT INTO cases_case (
        number, channel, title, description, reporter_name, reporter_phone, address,
        district_id, street_id, owner_region_id, urgency, status, lead_department_id,
        policy_id, accept_deadline, finish_deadline, yellow_at, warning, extension_pending,
        extension_requested_at, adjudication_level, rating, rework_count, return_count,
        supervision_count, referred, result, created_at, updated_at, registered_at,
        dispatched_at, accepted_at
    )
    SELECT
        'BS' || lpad(i::text, 10, '0'), 'hotline', '基准案件 ' || i, '', '', '', '',
        %(district)s, (%(streets)s::bigint[])[1 + i %% %(ns)s],
        (%(streets)s::bigint[])[1 + i %% %(ns)s], 'normal',
        CASE WHEN i %% 2 = 0 THEN 'dispatched' ELSE 'in_progress' END,
        (%(depts)s::bigint[])[1 + (i / 7) %% %(nd)s], %(policy)s,
        y - interval '3 days', f, y, 'none', i %% 97 = 0,
        CASE WHEN i %% 97 = 0 THEN %(t0)s - interval '1 day' END,
        0, '', 0, 0, 0, false, '',
        y - interval '4 days 1 hour', y - interval '4 days', y - interval '4 days 1 hour',
        y - interval '4 days',
        CASE WHEN i %% 2 = 1 THEN y - interval '3 days 20 hours' END
    FROM d
    """
    params = {
        "n": count, "red": red_pm, "yel": yellow_pm, "t0": t0, "district": org["district"],
        "streets": org["streets"], "ns": len(org["streets"]), "depts": org["departments"],
        "nd": len(org["departments"]), "policy": org["policy"],
    }
    started = time.perf_counter()
    with psycopg.connect(url) as conn:
        conn.execute("SELECT setseed(0.42)")
        conn.execute(sql, params)
        conn.commit()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")  # what autovacuum would have done on a live table
    return time.perf_counter() - started


# ------------------------------------------------------------------ phase 1: one full sweep


def cold_sweep() -> dict:
    from django.db import connection

    from tongxin.cases.sweep import sweep

    connection.close()  # a fresh connection: nothing cached on our side
    started = time.perf_counter()
    raised = sweep()
    seconds = time.perf_counter() - started
    idle = []
    for _ in range(5):
        t = time.perf_counter()
        again = sweep()
        idle.append(time.perf_counter() - t)
    assert not any(again.values()), again
    return {"raised": raised, "seconds": round(seconds, 2),
            "cases_per_second": round(sum(raised.values()) / seconds),
            "idle_sweep_ms": round(statistics.median(idle) * 1000, 2)}


def table_facts(url: str) -> dict:
    with psycopg.connect(url) as conn:
        def one(sql):
            return conn.execute(sql).fetchone()[0]
        return {
            "cases": one("SELECT count(*) FROM cases_case"),
            "cases_table_mb": round(one("SELECT pg_total_relation_size('cases_case')") / 2**20),
            "warning_events": one("SELECT count(*) FROM cases_caseevent "
                                  "WHERE action LIKE 'warn_%'"),
            "supervision_orders": one("SELECT count(*) FROM supervision_supervisionorder"),
            "notifications": one("SELECT count(*) FROM notifications_notification"),
        }


# ------------------------------------------------------------------ phase 2: latency


class Load(threading.Thread):
    """Concurrent writes: new dispatched cases and cases being signed for, as fast as one
    connection goes with a short pause — the web and API nodes of a busy day."""

    def __init__(self, url: str, org: dict, stop: threading.Event, max_id: int) -> None:
        super().__init__(daemon=True)
        self.url, self.org, self.stop, self.max_id = url, org, stop, max_id
        self.inserted = self.updated = 0

    def run(self) -> None:
        rng = random.Random(7)
        n = 0
        with psycopg.connect(self.url) as conn:
            while not self.stop.is_set():
                now = datetime.now(UTC)
                rows = []
                for _ in range(50):
                    n += 1
                    rows.append((f"LD{n:010d}", rng.choice(self.org["streets"]),
                                 rng.choice(self.org["departments"]),
                                 now + timedelta(days=3), now + timedelta(days=5), now))
                with conn.cursor() as cur:
                    cur.executemany(NEW_CASE_SQL, [
                        {"number": a, "street": b, "dept": c, "yellow": d, "finish": e,
                         "now": f, "district": self.org["district"],
                         "policy": self.org["policy"]}
                        for a, b, c, d, e, f in rows
                    ])
                    ids = [rng.randint(1, self.max_id) for _ in range(50)]
                    cur.execute(
                        "UPDATE cases_case SET status = 'in_progress', accepted_at = now(), "
                        "updated_at = now() WHERE id = ANY(%s) AND status = 'dispatched'",
                        [ids],
                    )
                    self.updated += cur.rowcount
                conn.commit()
                self.inserted += len(rows)
                time.sleep(0.02)


NEW_CASE_SQL = """
INSERT INTO cases_case (
    number, channel, title, description, reporter_name, reporter_phone, address, district_id,
    street_id, owner_region_id, urgency, status, lead_department_id, policy_id,
    finish_deadline, yellow_at, warning, extension_pending, adjudication_level, rating,
    rework_count, return_count, supervision_count, referred, result, created_at, updated_at,
    dispatched_at)
VALUES (%(number)s, 'hotline', '负载', '', '', '', '', %(district)s, %(street)s, %(street)s,
    'normal', 'dispatched', %(dept)s, %(policy)s, %(finish)s, %(yellow)s, 'none', false, 0,
    '', 0, 0, 0, false, '', %(now)s, %(now)s, %(now)s)
RETURNING id
"""


def measure_latency(url: str, org: dict, seconds: float, interval: float, workers: int,
                    max_id: int) -> dict:
    stop = threading.Event()
    env = {**os.environ, "DATABASE_URL": url, "TONGXIN_LOG_LEVEL": "WARNING"}
    procs = [
        subprocess.Popen([sys.executable, "manage.py", "worker", "--interval", str(interval)],
                         cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
        for _ in range(workers)
    ]
    load = Load(url, org, stop, max_id)
    deadlines: dict[int, float] = {}  # probe id → deadline (epoch seconds)
    seen: dict[int, float] = {}
    try:
        time.sleep(3 * interval + 2)  # the workers' first rounds (referral detection) settle
        load.start()
        time.sleep(2)
        rng = random.Random(11)
        ended = time.time() + seconds
        with psycopg.connect(url, autocommit=True) as probe, \
                psycopg.connect(url, autocommit=True) as watch:
            n = 0
            while time.time() < ended or (len(seen) < len(deadlines)
                                          and time.time() < ended + 10 * interval + 10):
                if time.time() < ended:
                    n += 1
                    due = datetime.now(UTC) + timedelta(seconds=rng.uniform(0.5, 3.0))
                    pk = probe.execute(NEW_CASE_SQL, {
                        "number": f"PR{n:010d}", "street": org["streets"][0],
                        "dept": org["departments"][0], "yellow": None, "finish": due,
                        "now": datetime.now(UTC), "district": org["district"],
                        "policy": org["policy"],
                    }).fetchone()[0]
                    deadlines[pk] = due.timestamp()
                waiting = [pk for pk in deadlines if pk not in seen]
                if waiting:
                    rows = watch.execute(
                        "SELECT case_id FROM cases_caseevent WHERE action = 'warn_red' "
                        "AND case_id = ANY(%s)", [waiting]).fetchall()
                    now = time.time()
                    for (pk,) in rows:
                        seen[pk] = now
                time.sleep(0.05)
    finally:
        stop.set()
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(timeout=30)
        load.join(timeout=30)
    lat = sorted(seen[pk] - deadlines[pk] for pk in seen)

    def q(p: float) -> float:
        return round(lat[min(len(lat) - 1, int(p * len(lat)))], 3)

    return {
        "workers": workers, "worker_interval_s": interval, "probes": len(deadlines),
        "warned": len(seen), "missed": len(deadlines) - len(seen),
        "latency_s": {"p50": q(0.5), "p90": q(0.9), "p99": q(0.99), "max": round(lat[-1], 3),
                      "mean": round(statistics.fmean(lat), 3)} if lat else None,
        "concurrent_load": {
            "seconds": seconds, "inserted_cases": load.inserted, "updated_cases": load.updated,
            "writes_per_second": round((load.inserted + load.updated) / (seconds + 2)),
        },
        "poll_resolution_s": 0.05,
    }


# ------------------------------------------------------------------ results


def machine(url: str) -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text()
                   .splitlines() if line.startswith("MemTotal"))
    except (OSError, StopIteration):
        mem = 0
    with psycopg.connect(url) as conn:
        pg = conn.execute("SHOW server_version").fetchone()[0]
        shared = conn.execute("SHOW shared_buffers").fetchone()[0]
    import django

    return {"platform": platform.platform(), "cpu": cpu, "cpus": os.cpu_count(),
            "memory_gb": round(mem / 2**20, 1), "python": platform.python_version(),
            "django": django.get_version(), "postgresql": pg, "shared_buffers": shared}


def write_results(figures: dict) -> None:
    data = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    data["sla_sweep"] = figures
    tmp = RESULTS.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    os.replace(tmp, RESULTS)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=int, default=1_000_000)
    ap.add_argument("--red-per-mille", type=int, default=50, help="cases past their deadline")
    ap.add_argument("--yellow-per-mille", type=int, default=100, help="past 80 %% of the time")
    ap.add_argument("--latency-seconds", type=float, default=60.0)
    ap.add_argument("--interval", type=float, default=1.0, help="worker loop interval")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--keep", action="store_true", help="keep the database afterwards")
    ap.add_argument("--no-write", action="store_true", help="print, do not write results")
    args = ap.parse_args(argv)

    base = os.environ.get("BENCH_PG_URL") or os.environ.get("DATABASE_URL") or \
        "postgres://postgres@127.0.0.1:5432/postgres"
    if not base.startswith(("postgres://", "postgresql://")):
        print("bench_sweep needs PostgreSQL (BENCH_PG_URL)", file=sys.stderr)
        return 2
    url = create_database(base)
    try:
        setup_django(url)
        from django.core.management import call_command

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        migrate_s = time.perf_counter() - started
        org = build_org()
        t0 = datetime.now(UTC)
        load_s = insert_cases(url, org, args.cases, t0, args.red_per_mille,
                              args.yellow_per_mille)
        print(f"loaded {args.cases} cases in {load_s:.1f} s", flush=True)
        full = cold_sweep()
        print(f"full sweep: {full}", flush=True)
        facts = table_facts(url)
        latency = measure_latency(url, org, args.latency_seconds, args.interval, args.workers,
                                  max_id=args.cases)
        print(f"latency: {latency}", flush=True)
        figures = {
            "what": "deadline sweep over open dispatched cases on PostgreSQL: one full sweep "
                    "(yellow + red, with the red cases' automatic supervision orders and all "
                    "notifications) from a fresh connection, then the delay between a deadline "
                    "passing and its red alarm being visible while worker processes loop under "
                    "concurrent writes",
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "data": {"open_cases": args.cases, "red_due_per_mille": args.red_per_mille,
                     "yellow_due_per_mille": args.yellow_per_mille,
                     "extension_pending_share": "1/97", "departments": len(org["departments"]),
                     "streets": len(org["streets"]), "after_sweep": facts},
            "setup_seconds": {"migrate": round(migrate_s, 1), "load_and_analyze": round(load_s, 1)},
            "full_sweep": full,
            "warning_latency_under_load": latency,
            "machine": machine(url),
        }
        if args.no_write:
            print(json.dumps(figures, ensure_ascii=False, indent=2))
        else:
            write_results(figures)
            print(f"wrote {RESULTS} [sla_sweep]")
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop_database(base)
    return 0


if __name__ == "__main__":
    sys.exit(main())
