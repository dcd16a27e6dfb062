"""秒转快办: how long the hand-over of a case to the mediation centre takes, including
notifying the receiving queue (issue: under 1 s).

Each measured hand-over: a registered 12345 case → `transfer_to_mediation` through the engine
(services.act: lock, checks, the case's update, its event, the dispute record written by the
mediation subscriber, the committee's inbox rows, commit) → until the committee's mediators
find it in their inbox (a read on the same connection after the commit). The actor is loaded
afresh each time, as a request would. Scratch database as bench_loop (SQLite file, or a
dedicated PostgreSQL database dropped afterwards).

Writes bench/results.json → "mediation": {"sqlite"|"postgresql": {...}}.

    .venv/bin/python bench/bench_mediation.py [--cases 300]
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
KEY = "mediation"
LIMIT_MS = 1000.0


def measure(cases: int, warmup: int) -> dict:
    from django.db import connection

    from tests.mediation.centre import build_centre
    from tests.world import build_world
    from tongxin.cases import services
    from tongxin.cases.services import ActionInput, NewCase
    from tongxin.mediation.models import Dispute
    from tongxin.notifications.models import Notification

    world = build_world()
    centre = build_centre(world)
    committee = centre.committee.department
    mediator = centre.mediators["med_li"].user_id
    timings = []
    for i in range(warmup + cases):
        case = services.create_case(actor=world.user("operator"), new=NewCase(
            channel="hotline", title=f"楼上噪音扰民 {i}", description="每晚十二点后拖动家具",
            reporter_name="张三", reporter_phone="13800001111",
            lat=34.005 + (i % 90) * 0.001, lng=117.005 + (i % 190) * 0.001))
        services.act(case_id=case.pk, actor=world.user("operator"), action="register")
        start = time.perf_counter()
        services.act(case_id=case.pk, actor=world.user("operator"),
                     action="transfer_to_mediation",
                     data=ActionInput(lead_department=committee, note="邻里纠纷"))
        seen = Notification.objects.filter(user_id=mediator, case_id=case.pk,
                                           verb="transfer_to_mediation").exists()
        elapsed = (time.perf_counter() - start) * 1000
        if not seen or not Dispute.objects.filter(pk=case.pk).exists():
            raise SystemExit(f"case {case.number}: the committee's queue did not get it")
        if i >= warmup:
            timings.append(elapsed)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    return {
        "hand_overs": cases,
        "ms_median": round(statistics.median(timings), 2),
        "ms_p95": round(p95, 2),
        "ms_max": round(timings[-1], 2),
        "limit_ms": LIMIT_MS,
        "under_limit": timings[-1] < LIMIT_MS,
        "includes": "transfer_to_mediation (lock, checks, case update, event, dispute record, "
                    "inbox of the committee, commit) and the committee's inbox read",
        "warmup": warmup,
        "load_average": _load(),
        "server": f"{connection.vendor} {_server_version(connection)}",
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL") or None)
    parser.add_argument("--pg-database", default="tongxin_bench_mediation")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    with bench_database(args.database_url, args.pg_database) as vendor:
        _setup_django()
        figures = measure(args.cases, args.warmup)
    record(args.results, KEY, vendor, figures)
    print(f"{KEY} [{vendor}]: median {figures['ms_median']} ms, p95 {figures['ms_p95']} ms, "
          f"max {figures['ms_max']} ms over {figures['hand_overs']} hand-overs")
    return 0 if figures["under_limit"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
