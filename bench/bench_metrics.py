"""Metrics and monthly report on PostgreSQL with 1,000,000 cases in the table.

    .venv/bin/python bench/bench_metrics.py [--cases 1000000] [--month 2026-06]

Creates its own database `tongxin_bench_metrics` next to the one in BENCH_PG_URL /
DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), migrates it, loads a
district (12 streets, 48 communities, 96 grids with a grid worker each, 60 units, 20
categories) and a year of cases with set-based INSERT … SELECT generate_series (every stage
of the loop: rejected, closed on the spot, open, overdue, closed with ratings, reworks,
returns, handling times, grid-worker events). Then, as the district leader (through the
jurisdiction filter), it times every metric for one district-month in every dimension, the
unit and grid-worker rankings, and one monthly report (Excel + PDF). Writes the figures to
bench/results.json under "metrics" and drops the database.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

import psycopg
from results_file import record

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
DB_NAME = "tongxin_bench_metrics"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import bench_sweep  # noqa: E402
from bench_sweep import create_database, drop_database  # noqa: E402

bench_sweep.DB_NAME = DB_NAME  # the sweep bench's helpers, on our own scratch database


def setup_django(url: str, media: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["TONGXIN_MEDIA_ROOT"] = media
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("TONGXIN_LOG_LEVEL", "WARNING")
    import django

    django.setup()


def build_org() -> dict:
    from tongxin.accounts.models import Membership, Role, User
    from tongxin.org.models import Category, Department
    from tongxin.regions.models import Level, Region

    district = Region.objects.create(code="BM", name="基准区", level=Level.DISTRICT)
    streets, communities, grids = [], [], []
    for s in range(12):
        street = Region.objects.create(code=f"BM{s:02d}", name=f"街道{s}", level=Level.STREET,
                                       parent=district)
        streets.append(street)
        for c in range(4):
            community = Region.objects.create(code=f"BM{s:02d}{c}", name=f"社区{s}-{c}",
                                              level=Level.COMMUNITY, parent=street)
            communities.append(community)
            for g in range(2):
                grids.append(Region.objects.create(
                    code=f"BM{s:02d}{c}{g}", name=f"网格{s}-{c}-{g}", level=Level.GRID,
                    parent=community))
    depts = Department.objects.bulk_create(
        Department(code=f"U{i:03d}", name=f"承办单位{i}", region=district) for i in range(60))
    cats = [Category.objects.create(code=f"C{i:02d}", name=f"事项{i}", level=1)
            for i in range(20)]
    workers = User.objects.bulk_create(User(username=f"gw{i}", password="!") for i in
                                       range(len(grids)))
    Membership.objects.bulk_create(
        Membership(user=u, role=Role.GRID_WORKER, region=g)
        for u, g in zip(workers, grids, strict=True))
    handlers = User.objects.bulk_create(User(username=f"h{i}", password="!") for i in
                                        range(len(depts)))
    Membership.objects.bulk_create(
        Membership(user=u, role=Role.HANDLER, department=d)
        for u, d in zip(handlers, depts, strict=True))
    leader = User.objects.create(username="bench_leader", password="!")
    Membership.objects.create(user=leader, role=Role.LEADER, region=district)
    return {
        "district": district.pk, "leader": leader.pk,
        # Each grid with its community and street, so a case's place is consistent.
        "grids": [g.pk for g in grids],
        "communities": [g.parent_id for g in grids],
        "streets": [Region.objects.get(pk=g.parent_id).parent_id for g in grids],
        "workers": [u.pk for u in workers],
        "departments": [d.pk for d in depts], "categories": [c.pk for c in cats],
    }


CASES_SQL = """
WITH s AS (
    SELECT i, i %% 100 AS b, random() AS r, (i * 7919) %% %(ng)s + 1 AS g
    FROM generate_series(1::bigint, %(n)s) AS i
), t AS (
    SELECT i, b, r, g,
      %(t0)s::timestamptz + (i::float / %(n)s) * interval '365 days' AS c
    FROM s
)
INSERT INTO cases_case (
    number, channel, title, description, reporter_name, reporter_phone, reporter_email,
    address, district_id, street_id, community_id, grid_id, owner_region_id, category_id,
    urgency, status, lead_department_id, accept_deadline, finish_deadline, warning,
    extension_pending, adjudication_level, rating, rework_count, return_count,
    supervision_count, referred, result, created_at, updated_at, registered_at, dispatched_at,
    accepted_at, replied_at, closed_at, rated_at
)
SELECT
    'BM' || lpad(i::text, 11, '0'),
    (ARRAY['hotline','portal','grid','hotline','open311','media','hotline','portal',
           'grid','email'])[1 + i %% 10],
    '基准案件 ' || i, '', '', '', '', '', %(district)s,
    (%(streets)s::bigint[])[g], (%(communities)s::bigint[])[g], (%(grids)s::bigint[])[g],
    %(district)s, (%(categories)s::bigint[])[1 + (i / 3) %% %(nc)s], 'normal',
    CASE WHEN b < 5 THEN 'rejected' WHEN b < 10 THEN 'closed'
         WHEN b < 17 THEN 'in_progress' WHEN b < 20 THEN 'dispatched' ELSE 'closed' END,
    CASE WHEN b >= 10 THEN (%(depts)s::bigint[])[1 + (i / 7) %% %(nd)s] END,
    CASE WHEN b >= 10 THEN c + interval '1 day 1 hour' END,
    CASE WHEN b >= 10 THEN c + interval '7 days 1 hour' END,
    'none', b = 16, 0,
    CASE WHEN b >= 20 AND r < 0.55 THEN 'satisfied' WHEN b >= 20 AND r < 0.68 THEN 'basically'
         WHEN b >= 20 AND r < 0.72 THEN 'unsatisfied' WHEN b BETWEEN 5 AND 9 AND r < 0.5
         THEN 'satisfied' ELSE '' END,
    CASE WHEN b >= 20 AND i %% 25 = 0 THEN 1 ELSE 0 END,
    CASE WHEN b >= 10 AND i %% 20 = 1 THEN 1 ELSE 0 END,
    0, false, '', c, c,
    CASE WHEN b >= 10 THEN c + interval '1 hour' END,
    CASE WHEN b >= 10 THEN c + interval '1 hour' END,
    CASE WHEN b >= 10 AND b NOT IN (17, 18, 19) THEN c + (2 + r * 30) * interval '1 hour' END,
    CASE WHEN b >= 20 THEN c + (1 + r * 9) * interval '1 day' END,
    CASE WHEN b >= 20 THEN c + (1 + r * 9) * interval '1 day' + interval '2 hours'
         WHEN b < 10 THEN c + interval '1 hour' END,
    CASE WHEN b >= 20 AND r < 0.72 THEN c + (1 + r * 9) * interval '1 day' + interval '1 day' END
FROM t
"""

# Handling time of the closed dispatched cases: roughly the office share of the span (the
# real value comes from the calendar at close; here only its presence matters).
TIMES_SQL = """
INSERT INTO scoring_handlingtime (case_id, working_hours, computed_at, case_created_at)
SELECT id, extract(epoch FROM replied_at - dispatched_at) / 3600 * 0.29, closed_at, created_at
FROM cases_case WHERE status = 'closed' AND dispatched_at IS NOT NULL AND replied_at IS NOT NULL
"""

# Grid-worker events: the report of every grid-channel case and the on-spot closures.
EVENTS_SQL = """
INSERT INTO cases_caseevent (case_id, action, actor_id, at, from_status, to_status, note, data)
SELECT c.id, e.action, w.user_id, c.created_at + e.delay, e.from_s, e.to_s, '', '{}'::jsonb
FROM cases_case c
JOIN accounts_membership w ON w.region_id = c.grid_id AND w.role = 'grid_worker'
CROSS JOIN LATERAL (VALUES ('report', interval '0', '', 'reported'),
                           ('close_on_spot', interval '1 hour', 'reported', 'closed'))
     AS e(action, delay, from_s, to_s)
WHERE c.channel = 'grid' AND (e.action = 'report' OR c.registered_at IS NULL);
INSERT INTO cases_caseevent (case_id, action, actor_id, at, from_status, to_status, note, data)
SELECT c.id, 'return', h.user_id, c.dispatched_at + interval '30 minutes', 'dispatched',
       'registered', '非本单位职责', '{}'::jsonb
FROM cases_case c
JOIN accounts_membership h ON h.department_id = c.lead_department_id AND h.role = 'handler'
WHERE c.return_count > 0
"""


def load(url: str, org: dict, count: int) -> dict:
    params = {
        "n": count, "t0": datetime(2026, 1, 1, tzinfo=_tz()), "district": org["district"],
        "streets": org["streets"], "communities": org["communities"], "grids": org["grids"],
        "ng": len(org["grids"]), "categories": org["categories"],
        "nc": len(org["categories"]), "depts": org["departments"],
        "nd": len(org["departments"]),
    }
    timings = {}
    with psycopg.connect(url) as conn:
        conn.execute("SELECT setseed(0.42)")
        for name, sql in (("cases", CASES_SQL), ("handling_times", TIMES_SQL),
                          ("events", EVENTS_SQL)):
            started = time.perf_counter()
            conn.execute(sql, params if name == "cases" else None)
            timings[name] = round(time.perf_counter() - started, 1)
        conn.commit()
    with psycopg.connect(url, autocommit=True) as conn:
        started = time.perf_counter()
        conn.execute("VACUUM ANALYZE")  # what autovacuum would have done on a live table
        timings["vacuum_analyze"] = round(time.perf_counter() - started, 1)
        facts = {
            "cases": conn.execute("SELECT count(*) FROM cases_case").fetchone()[0],
            "events": conn.execute("SELECT count(*) FROM cases_caseevent").fetchone()[0],
            "cases_table_mb": round(conn.execute(
                "SELECT pg_total_relation_size('cases_case')").fetchone()[0] / 2**20),
        }
    return {"seconds": timings, **facts}


def _tz():
    from zoneinfo import ZoneInfo

    return ZoneInfo("Asia/Shanghai")


def time_metrics(org: dict, month: date, repeats: int) -> dict:
    from django.db import connection, reset_queries
    from django.utils import timezone

    from tongxin.accounts.models import User
    from tongxin.scoring.metrics import DIMENSIONS, compute
    from tongxin.scoring.periods import aware, bounds
    from tongxin.scoring.scores import unit_ranking, worker_ranking
    from tongxin.scoring.selectors import cases_for

    leader = User.objects.get(pk=org["leader"])
    start, end = (aware(d) for d in bounds("monthly", month))
    now = timezone.now()
    runs, per_dimension, rows = [], {}, {}
    for _ in range(repeats):
        cases = cases_for(leader)  # the jurisdiction filter, as on the page
        began = time.perf_counter()
        for dim in DIMENSIONS:
            t = time.perf_counter()
            result = compute(cases, start=start, end=end, dimension=dim, as_of=now)
            per_dimension.setdefault(dim, []).append(time.perf_counter() - t)
            rows[dim] = len(result)
        t = time.perf_counter()
        units = unit_ranking(cases, start=start, end=end, as_of=now, month=month)
        workers = worker_ranking(cases, start=start, end=end, month=month)
        per_dimension.setdefault("rankings", []).append(time.perf_counter() - t)
        runs.append(time.perf_counter() - began)
    rows["unit_ranking"], rows["worker_ranking"] = len(units), len(workers)
    connection.force_debug_cursor = True
    reset_queries()
    compute(cases_for(leader), start=start, end=end, dimension="total", as_of=now)
    connection.force_debug_cursor = False
    total = compute(cases_for(leader), start=start, end=end, as_of=now)[0]
    return {
        "all_metrics_all_dimensions_seconds": {
            "median": round(statistics.median(runs), 3), "min": round(min(runs), 3),
            "max": round(max(runs), 3), "runs": repeats},
        "median_seconds_per_dimension": {k: round(statistics.median(v), 3)
                                         for k, v in per_dimension.items()},
        "groups_per_dimension": rows,
        "cases_in_the_month": total["received"],
        "district_month_figures": {k: v for k, v in total.items() if k not in ("key", "counts")},
    }


def time_report(month: date) -> dict:
    from tongxin.regions.models import Region
    from tongxin.scoring.reports.build import generate

    district = Region.objects.get(code="BM")
    began = time.perf_counter()
    report = generate(kind="monthly", region=district, start=month)
    seconds = time.perf_counter() - began
    return {"seconds": round(seconds, 2), "xlsx_kb": round(report.xlsx.size / 1024),
            "pdf_kb": round(report.pdf.size / 1024)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=int, default=1_000_000)
    ap.add_argument("--month", default="2026-06")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = ap.parse_args(argv)
    base = os.environ.get("BENCH_PG_URL") or os.environ.get("DATABASE_URL") or \
        "postgres://postgres@127.0.0.1:5432/postgres"
    if not base.startswith(("postgres://", "postgresql://")):
        print("bench_metrics needs PostgreSQL (BENCH_PG_URL or DATABASE_URL)", file=sys.stderr)
        return 2
    year, mon = (int(x) for x in args.month.split("-"))
    month = date(year, mon, 1)
    url = create_database(base)
    try:
        with tempfile.TemporaryDirectory() as media:
            setup_django(url, media)
            from django.core.management import call_command

            call_command("migrate", verbosity=0)
            org = build_org()
            data = load(url, org, args.cases)
            print(f"loaded: {data}", flush=True)
            metrics = time_metrics(org, month, args.repeats)
            print(f"metrics: {metrics['all_metrics_all_dimensions_seconds']}", flush=True)
            report = time_report(month)
            print(f"monthly report: {report}", flush=True)
        figures = {
            "what": "every metric of DESIGN.md for one district-month in every dimension "
                    "(total, unit, street, community, grid, category, channel, day, week, "
                    "month) plus the unit and grid-worker rankings, read as the district "
                    "leader through the jurisdiction filter; then one 月通报 (Excel + PDF)",
            "data": {"cases_in_table": data["cases"], "events": data["events"],
                     "cases_table_mb": data["cases_table_mb"], "month": args.month,
                     "streets": 12, "communities": 48, "grids": 96, "units": 60,
                     "categories": 20},
            "load_seconds": data["seconds"],
            "metrics": metrics,
            "monthly_report": report,
            # Other processes share the machine; their load changes the figures.
            "load_average_1_5_15_min_at_end": [round(x, 2) for x in os.getloadavg()],
        }
        record(RESULTS, "metrics", "postgresql", figures)
        print(f"wrote {RESULTS} [metrics]")
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop_database(base)
    return 0


if __name__ == "__main__":
    sys.exit(main())
