"""应急指挥: (1) the start of a plan with 30 steps — `start_plan` through the engine until all
30 task cases are created, registered, dispatched with their deadlines and their units'
handlers notified (target < 2 s); (2) the nearest-resource query (`selectors.nearest`, as
`GET /emergency/nearest` runs it) over 10,000 resources (target p95 ≤ 200 ms).

(1) Each measured start: an urgent registered case → services.act(start_plan) (the incident
written with the event) → its after-commit subscriber opens the 30 task cases → a read that
every unit's handler has the dispatch in its inbox. Fresh case per run; 30 departments with a
handler each. (2) 10,000 resources split between teams (4,000 across 8 specialities),
experts (4,000 across 8 fields) and stock rows of 2,000 warehouses; queries at random
points of the district for each kind, with and without a need. Scratch database as
bench_loop (SQLite file, or a dedicated PostgreSQL database dropped afterwards).

Writes bench/results.json → "emergency": {"sqlite"|"postgresql": {...}}.

    .venv/bin/python bench/bench_emergency.py [--starts 10] [--queries 200]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import time
from pathlib import Path

from bench_loop import _load, _server_version, _setup_django, bench_database
from results_file import record

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results.json"
KEY = "emergency"
START_LIMIT_MS = 2000.0
NEAREST_LIMIT_MS = 200.0
STEPS = 30
RESOURCES = 10_000


def _p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * 0.95))]


def _plan(world):
    from django.utils import timezone

    from tests.world import _user
    from tongxin.accounts.models import Role
    from tongxin.emergency.models import EventClass, Plan, PlanLevel, PlanStep, PlanVersion
    from tongxin.org.models import Department

    units = []
    for n in range(STEPS):
        dept = Department.objects.create(code=f"bench{n}", name=f"应急单位{n}",
                                         region=world.district)
        _user(f"bench_handler{n}", Role.HANDLER, department=dept)
        units.append(dept)
    plan = Plan.objects.create(name="基准预案", event_class=EventClass.GAS,
                               owner=world.departments["zj"])
    version = PlanVersion.objects.create(plan=plan, number=1, created_at=timezone.now())
    level = PlanLevel.objects.create(version=version, level=1)
    PlanStep.objects.bulk_create([
        PlanStep(plan_level=level, department=d, action=f"处置步骤{n}", offset_minutes=n,
                 deadline_minutes=30 + n) for n, d in enumerate(units)])
    return plan, units


def measure_start(world, starts: int, warmup: int) -> dict:
    from django.db import transaction

    from tests.cases.loop import POINT_A1
    from tongxin.cases import services
    from tongxin.cases.models import Case
    from tongxin.cases.services import ActionInput, NewCase
    from tongxin.notifications.models import Notification

    plan, units = _plan(world)
    timings = []
    for i in range(warmup + starts):
        case = services.create_case(actor=world.user("operator"), new=NewCase(
            channel="hotline", title=f"燃气泄漏 {i}", lat=POINT_A1[0], lng=POINT_A1[1],
            urgency="urgent"))
        services.act(case_id=case.pk, actor=world.user("dispatcher"), action="register")
        commander = world.user("dispatcher")
        started = time.perf_counter()
        with transaction.atomic():  # as a request's: the tasks open once it has committed
            services.act(case_id=case.pk, actor=commander, action="start_plan",
                         data=ActionInput(plan=plan.pk, level=1))
        tasks = Case.objects.filter(emergency_step__incident__case=case, status="dispatched")
        told = Notification.objects.filter(case__in=tasks, verb="dispatch").values(
            "user").distinct().count()
        elapsed = (time.perf_counter() - started) * 1000
        if tasks.count() != STEPS or told != STEPS:
            raise SystemExit(f"start {i}: {tasks.count()} tasks, {told} handlers told")
        if i >= warmup:
            timings.append(elapsed)
    return {"steps": STEPS, "starts": starts, "ms_median": round(statistics.median(timings), 1),
            "ms_p95": round(_p95(timings), 1), "ms_max": round(max(timings), 1),
            "limit_ms": START_LIMIT_MS, "under_limit": max(timings) < START_LIMIT_MS,
            "includes": "start_plan (incident), 30 task cases created, registered, dispatched "
                        "with minute deadlines, inbox of each unit, commit, inbox read"}


def measure_nearest(queries: int) -> dict:
    from tongxin.emergency.models import CatalogueItem, Expert, StockItem, Team, Warehouse
    from tongxin.emergency.selectors import nearest

    rng = random.Random(21)
    specialities = [f"专业{n}" for n in range(8)]

    def point():
        return 34.0 + rng.random() * 0.2, 117.0 + rng.random() * 0.4

    Team.objects.bulk_create([Team(name=f"队伍{n}", speciality=specialities[n % 8],
                                   members=10, lat=(p := point())[0], lng=p[1])
                              for n in range(4000)], batch_size=1000)
    Expert.objects.bulk_create([Expert(name=f"专家{n}", field=specialities[n % 8],
                                       lat=(p := point())[0], lng=p[1])
                                for n in range(4000)], batch_size=1000)
    items = [CatalogueItem.objects.create(code=f"item{n}", name=f"物资{n}", unit="件")
             for n in range(4)]
    houses = Warehouse.objects.bulk_create([Warehouse(name=f"仓库{n}", lat=(p := point())[0],
                                                      lng=p[1]) for n in range(2000)],
                                           batch_size=1000)
    StockItem.objects.bulk_create([StockItem(warehouse=w, item=items[n % 4], quantity=5)
                                   for n, w in enumerate(houses)], batch_size=1000)
    by_kind: dict[str, list[float]] = {"team": [], "warehouse": [], "expert": []}
    for q in range(queries):
        kind = ("team", "warehouse", "expert")[q % 3]
        need = "" if q % 2 else (specialities[q % 8] if kind != "warehouse" else "item1")
        lat, lng = point()
        started = time.perf_counter()
        rows = nearest(lat=lat, lng=lng, kind=kind, need=need)
        by_kind[kind].append((time.perf_counter() - started) * 1000)
        assert rows and all(a["distance_m"] <= b["distance_m"] for a, b in zip(
            [r for r in rows if r["available"]], [r for r in rows if r["available"]][1:],
            strict=False))
    every = [t for ts in by_kind.values() for t in ts]
    return {"resources": RESOURCES, "queries": queries,
            "ms_median": round(statistics.median(every), 1), "ms_p95": round(_p95(every), 1),
            "ms_p95_by_kind": {k: round(_p95(v), 1) for k, v in by_kind.items()},
            "limit_ms": NEAREST_LIMIT_MS, "under_limit": _p95(every) <= NEAREST_LIMIT_MS}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--starts", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL") or None)
    parser.add_argument("--pg-database", default="tongxin_bench_emergency")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    with bench_database(args.database_url, args.pg_database) as vendor:
        _setup_django()
        from django.db import connection

        from tests.world import build_world

        world = build_world()
        figures = {"start_plan": measure_start(world, args.starts, args.warmup),
                   "nearest": measure_nearest(args.queries),
                   "load_average": _load(),
                   "server": f"{connection.vendor} {_server_version(connection)}",
                   "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    record(args.results, KEY, vendor, figures)
    s, n = figures["start_plan"], figures["nearest"]
    print(f"{KEY} [{vendor}]: start of a {s['steps']}-step plan median {s['ms_median']} ms, "
          f"max {s['ms_max']} ms; nearest over {n['resources']} resources p95 {n['ms_p95']} ms "
          f"{n['ms_p95_by_kind']}")
    return 0 if s["under_limit"] and n["under_limit"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
