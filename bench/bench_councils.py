"""网格议事会 and 吹哨报到: how long one vote takes (lock the topic, check the ballot, insert
under the unique constraint, commit) with a council of `--households` households voting on
one topic, how long the jurisdiction-filtered topic list takes, and how long a whistle
(the engine action with its calls, co-handlers and inbox) and the sweep of its misses take.

Scratch database as bench_loop (SQLite file, or a dedicated PostgreSQL database dropped
afterwards). Writes bench/results.json → "councils": {"sqlite"|"postgresql": {...}}.

    .venv/bin/python bench/bench_councils.py [--households 300] [--whistles 100]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import time
from pathlib import Path

from bench_loop import _load, _server_version, _setup_django, bench_database
from results_file import record

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results.json"
KEY = "councils"


def _stats(timings: list[float]) -> dict:
    timings = sorted(timings)
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    return {"ms_median": round(statistics.median(timings), 2), "ms_p95": round(p95, 2),
            "ms_max": round(timings[-1], 2)}


def measure(households: int, whistles: int) -> dict:
    from datetime import timedelta

    from django.db import connection
    from django.utils import timezone

    from tests.cases.loop import drive
    from tests.councils.council import build_council, to_status
    from tests.world import build_world
    from tongxin.accounts.models import Membership, Role, User
    from tongxin.cases import services as case_services
    from tongxin.cases.services import ActionInput
    from tongxin.councils import selectors, services
    from tongxin.councils.models import Representative, Vote
    from tongxin.whistle.services import miss_overdue

    world = build_world()
    cw = build_council(world)
    users = User.objects.bulk_create([User(username=f"hh{i}", password="!") for i in
                                      range(households)])
    Membership.objects.bulk_create([Membership(user=u, role=Role.CITIZEN) for u in users])
    Representative.objects.bulk_create([
        Representative(council=cw.council, user=u, household_label=f"{i // 2}号")
        for i, u in enumerate(users)])  # two representatives per household
    topic = to_status(cw, "scheduled")
    manager = cw.user("convener")
    services.record_attendance(actor=manager, topic_id=topic.pk, representative_ids=list(
        Representative.objects.filter(council=cw.council).values_list("pk", flat=True)))
    services.open_vote(actor=manager, topic_id=topic.pk)
    votes, refused = [], 0
    for u in users:
        actor = User.objects.get(pk=u.pk)
        start = time.perf_counter()
        try:
            services.vote(actor=actor, topic_id=topic.pk, choice="yes")
        except services.Conflict:
            refused += 1
        votes.append((time.perf_counter() - start) * 1000)
    counted = Vote.objects.filter(topic=topic).count()
    listing = []
    for _ in range(50):
        actor = world.user("street_a")
        start = time.perf_counter()
        list(selectors.visible_topics(actor)[:100])
        listing.append((time.perf_counter() - start) * 1000)

    t0 = timezone.now() - timedelta(hours=1)
    blown = []
    for _ in range(whistles):
        case = drive(world, "in_progress", at=t0)
        actor = world.user("street_a")
        start = time.perf_counter()
        case_services.act(case_id=case.pk, actor=actor, action="whistle", at=t0,
                          data=ActionInput(co_departments=[world.departments["zj"],
                                                           world.departments["sw"]]))
        blown.append((time.perf_counter() - start) * 1000)
    start = time.perf_counter()
    missed = 0
    while (n := miss_overdue()["missed"]):
        missed += n
    sweep_ms = (time.perf_counter() - start) * 1000
    return {
        "households": households // 2 + households % 2, "representatives": households,
        "votes_counted": counted, "second_votes_refused": refused,
        "vote": _stats(votes), "topic_list": _stats(listing),
        "whistles": whistles, "whistle_action": _stats(blown),
        "misses_swept": missed, "miss_sweep_ms_total": round(sweep_ms, 1),
        "miss_sweep_ms_each": round(sweep_ms / max(missed, 1), 2),
        "load_average": _load(),
        "server": f"{connection.vendor} {_server_version(connection)}",
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=300)
    parser.add_argument("--whistles", type=int, default=100)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL") or None)
    parser.add_argument("--pg-database", default="tongxin_bench_councils")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    with bench_database(args.database_url, args.pg_database) as vendor:
        _setup_django()
        figures = measure(args.households, args.whistles)
    record(args.results, KEY, vendor, figures)
    print(f"{KEY} [{vendor}]: vote median {figures['vote']['ms_median']} ms "
          f"(p95 {figures['vote']['ms_p95']}), {figures['votes_counted']} counted, "
          f"{figures['second_votes_refused']} second votes refused; whistle median "
          f"{figures['whistle_action']['ms_median']} ms; {figures['misses_swept']} misses swept "
          f"in {figures['miss_sweep_ms_total']} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
