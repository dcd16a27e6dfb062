"""The write path on PostgreSQL, each figure beside the raw ceiling measured in the same run.

1. statements: per step of the loop (a new report through the one door, then register,
   dispatch, accept, reply, verify_pass, rate), counted as tests/cases/
   test_each_step_writes_in_a_handful_of_statements.py counts them.
2. actions_per_s: the case loop in this one process through the services: every action
   loads its actor afresh (user and memberships), as a web request would.
3. raw_tx_per_s: what the database itself does from one client on the same machine, back
   to back with 2: a transaction of one INSERT into a case-shaped table and one into an
   event-shaped table, committed (psycopg, no ORM).
4. http: reports through gunicorn (2 workers, the rate limit raised so it is not what is
   measured) from N client threads with keep-alive (bench_http_intake's load): reports/s and
   p99 latency; raw_tx_per_s measured again right after.

Writes bench/results.json → "write_path" (read-modify-write).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/bench_write_path.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import bench_http_intake as http
from bench_loop import _load, _server_version, _setup_django, bench_database
from results_file import record

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results.json"
KEY = "write_path"
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/test"
STEPS = [
    ("register", "street_a", {}),
    ("dispatch", "street_a", {"lead_department": "cg"}),
    ("accept", "handler", {}),
    ("reply", "handler", {"note": "已更换灯泡，恢复照明"}),
    ("verify_pass", "street_a", {}),
    ("rate", "citizen", {"rating": "satisfied"}),
]


# ---------------------------------------------------------------- in process


def _inputs(world, inputs: dict):
    from tongxin.cases.services import ActionInput

    if "lead_department" in inputs:
        inputs = {"lead_department": world.departments[inputs["lead_department"]]}
    return ActionInput(**inputs)


def _report(world, operator, i: int, key: str):
    from tongxin.cases.services import NewCase
    from tongxin.intake.services import submit_case

    new = NewCase(channel="hotline", title=f"路灯不亮 {i}", description="小区门口路灯坏了",
                  lat=34.005 + (i % 90) * 0.001, lng=117.005 + (i % 190) * 0.001,
                  reporter_phone="13800000000", reporter_user=world.users["citizen"])
    return submit_case(actor=operator, new=new, key=key, scope="bench", request_fingerprint=key,
                       render=lambda c, r: (201, {"number": c.number}))


def statements(world) -> dict[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tongxin.accounts.access import memberships_of
    from tongxin.cases import services

    users = {n: world.user(n) for n in ("operator", "street_a", "handler", "citizen")}
    for user in users.values():
        memberships_of(user)

    def count(fn) -> tuple[object, int]:
        with CaptureQueriesContext(connection) as ctx:
            result = fn()
        return result, sum(q["sql"].split()[0].upper() not in ("BEGIN", "COMMIT")
                           for q in ctx.captured_queries)

    out: dict[str, int] = {}
    for round_ in range(2):  # the first round loads the process caches
        outcome, out["report"] = count(lambda r=round_: _report(world, users["operator"],
                                                                r, f"statements-{r}"))
        case_id = outcome.case_id  # type: ignore[attr-defined]
        for action, user, inputs in STEPS:
            _case, out[action] = count(lambda a=action, u=user, i=inputs, c=case_id: (
                services.act(case_id=c, actor=users[u], action=a, data=_inputs(world, i))))
    return out


def actions_per_second(world, cases: int, *, fresh_actors: bool = True) -> dict:
    """The loop; `fresh_actors`: each step loads its actor (user, memberships) as a web
    request does; otherwise the actors are held, as a long-lived service would."""
    from tongxin.accounts.access import memberships_of
    from tongxin.cases import services

    held = {n: world.user(n) for n in ("operator", "street_a", "handler", "citizen")}
    for user in held.values():
        memberships_of(user)

    def actor(name: str):
        return world.user(name) if fresh_actors else held[name]

    report_s = action_s = 0.0
    for i in range(cases + 10):
        started = time.perf_counter()
        outcome = _report(world, actor("operator"), 1000 + i, f"loop-{uuid.uuid4()}")
        reported = time.perf_counter()
        for action, user, inputs in STEPS:
            services.act(case_id=outcome.case_id, actor=actor(user), action=action,
                         data=_inputs(world, inputs))
        if i >= 10:  # the first ones warm the caches
            report_s += reported - started
            action_s += time.perf_counter() - reported
    return {"cases": cases, "actions": cases * len(STEPS), "fresh_actors": fresh_actors,
            "actions_per_s": round(cases * len(STEPS) / action_s, 1),
            "reports_per_s": round(cases / report_s, 1)}


def raw_transactions(url: str, seconds: float = 5.0) -> float:
    """One client, back to back: INSERT a case-shaped and an event-shaped row, COMMIT. Plain
    (logged) tables, so each commit waits for the WAL as the application's do."""
    import psycopg

    with psycopg.connect(url) as conn:
        conn.execute("DROP TABLE IF EXISTS raw_event, raw_case")
        conn.execute("CREATE TABLE raw_case (id bigserial PRIMARY KEY, number text, "
                     "title text, status text, created_at timestamptz)")
        conn.execute("CREATE TABLE raw_event (id bigserial PRIMARY KEY, case_id bigint, "
                     "action text, at timestamptz, data jsonb)")
        conn.commit()
        done, end = 0, time.perf_counter() + seconds
        while time.perf_counter() < end:
            with conn.transaction():
                cid = conn.execute(
                    "INSERT INTO raw_case (number, title, status, created_at) VALUES "
                    "(%s, '路灯不亮', 'reported', now()) RETURNING id", [f"R{done}"]
                ).fetchone()[0]
                conn.execute("INSERT INTO raw_event (case_id, action, at, data) VALUES "
                             "(%s, 'report', now(), '{}')", [cid])
            done += 1
        conn.execute("DROP TABLE raw_event, raw_case")
        conn.commit()
    return round(done / seconds, 1)


def in_process(url: str, pg_name: str, cases: int) -> dict:
    with bench_database(url, pg_name):
        _setup_django()
        from django.db import connection

        from tests.world import build_world

        world = build_world()
        from tongxin.outbound.models import WebhookSubscription

        WebhookSubscription.objects.create(name="bench", url="http://127.0.0.1:9/hook")
        figures = {"statements": statements(world)}
        figures["raw_tx_per_s_before"] = raw_transactions(os.environ["DATABASE_URL"])
        figures["case_loop"] = actions_per_second(world, cases)
        figures["case_loop_actors_held"] = actions_per_second(world, cases, fresh_actors=False)
        figures["raw_tx_per_s"] = raw_transactions(os.environ["DATABASE_URL"])
        figures["server"] = f"{connection.vendor} {_server_version(connection)}"
        connection.close()
    return figures


# ---------------------------------------------------------------- over HTTP


def over_http(url: str, pg_name: str, *, clients: int, seconds: float, workers: int,
              threads: int) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="tongxin-bench-write-"))
    db_url = http._with_dbname(url, pg_name)
    env = {**os.environ, "DATABASE_URL": db_url, "TONGXIN_DATA_DIR": str(tmp),
           "TONGXIN_CREATE_KEYS": "1",
           "TONGXIN_MEDIA_ROOT": str(tmp / "media"), "TONGXIN_LOG_LEVEL": "ERROR",
           "TONGXIN_DEBUG": "0", "PYTHONUNBUFFERED": "1",
           # Raised for the bench: the limit is not what is measured.
           "TONGXIN_RATE_INTAKE": "1000000/m"}
    server = http.Server(env, http.free_port(), workers, threads, tmp / "server.log")
    http._create(url, pg_name)
    try:
        world = http.build_world(env, url, pg_name)
        server.start()
        common = dict(clients=clients, max_attempts=3, retry_seconds=10, timeout=15)
        http.Load(server.port, world, count=20 * clients, seconds=30, tag="warm",
                  **common).run()
        load = http.Load(server.port, world, count=10 ** 7, seconds=seconds, tag="steady",
                         **common).run()
        steady = http.summarize(load)
        raw = raw_transactions(db_url)
    finally:
        server.stop()
        http._drop(url, pg_name)
    return {"clients": clients, "workers": workers, "threads": threads, "steady": steady,
            "raw_tx_per_s": raw}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL") or DEFAULT_PG)
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if urlsplit(args.database_url).scheme not in {"postgres", "postgresql"}:
        parser.error("this benchmark needs PostgreSQL (a postgres:// DATABASE_URL)")

    local = in_process(args.database_url, "tongxin_bench_write", args.cases)
    print(f"write_path: statements {local['statements']}; {local['case_loop']['actions_per_s']} "
          f"actions/s in one process (raw ceiling {local['raw_tx_per_s']} tx/s)", flush=True)
    web = over_http(args.database_url, "tongxin_bench_write_http", clients=args.clients,
                    seconds=args.seconds, workers=args.workers, threads=args.threads)
    steady = web["steady"]
    print(f"write_path: {steady['reports_per_second']} reports/s over HTTP, p99 "
          f"{steady['latency_ms']['p99']} ms (raw ceiling {web['raw_tx_per_s']} tx/s)",
          flush=True)
    figures = {
        "statements": local["statements"],
        "actions_per_s": local["case_loop"]["actions_per_s"],
        "raw_tx_per_s": local["raw_tx_per_s"],
        "actions_vs_raw": round(local["case_loop"]["actions_per_s"] / local["raw_tx_per_s"], 3),
        "http_reports_per_s": steady["reports_per_second"],
        "http_p99_ms": steady["latency_ms"]["p99"],
        "http_raw_tx_per_s": web["raw_tx_per_s"],
        "http_vs_raw": round(steady["reports_per_second"] / web["raw_tx_per_s"], 3),
        "case_loop": local["case_loop"], "case_loop_actors_held": local["case_loop_actors_held"],
        "http": web, "server": local["server"],
        "load_average": _load(),
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    record(args.results, KEY, "postgresql", figures)
    print(f"write_path written to {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
