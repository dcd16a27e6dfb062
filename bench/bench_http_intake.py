"""Reports per second through the real HTTP server on PostgreSQL, and none lost or doubled
when the server is killed mid-load.

Sets up a scratch PostgreSQL database (default tongxin_bench_http, created through the
`postgres` maintenance database and dropped afterwards), migrates it, loads the demo base data
(`tongxin demo --no-cases`) and issues an API token for a district-level operator on channel
"api". Then it starts the production server (`tongxin serve`, i.e. gunicorn) as a subprocess in
its own process group on a free loopback port and drives POST /api/v1/cases from N client
threads with keep-alive connections (http.client, no extra dependency):

  phase 1  steady load, bounded by a request count and a time cap: sustained reports/s and
           the p50/p95/p99 latency of every request;
  phase 2  load again; after a few seconds the whole server process group is SIGKILLed and
           restarted on the same port. Clients behave as a real client should: every report
           has its own Idempotency-Key (a UUID) and a connection error or 5xx is retried with
           the SAME key and body, with a small backoff, up to a bound.

Then it checks the database directly (psycopg): every key a client got a 2xx for has exactly
one idempotency record pointing at the case the client was told about, that case exists with
that number, and no report (identified by the key, which the body also carries) is stored as
more than one case. Exit status 1 if any acknowledged report is lost or any report doubled.

Writes bench/results.json → "http_intake": {"postgresql": {...}} (read-modify-write: other
keys are kept) and the top-level "machine" record.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/bench_http_intake.py
    .venv/bin/python bench/bench_http_intake.py --duration 10 --clients 8   # a quicker run
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from results_file import record

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results.json"
KEY = "http_intake"
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/test"
TONGXIN = REPO / ".venv" / "bin" / "tongxin"
BENCH_USER = "bench-http-client"
PATH = "/api/v1/cases"


# ---------------------------------------------------------------- database set-up


def _with_dbname(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def _connect(url: str, dbname: str, **kw):
    import psycopg

    parts = urlsplit(url)
    return psycopg.connect(
        dbname=dbname, host=parts.hostname or "127.0.0.1", port=parts.port or 5432,
        user=parts.username or "postgres", password=parts.password, connect_timeout=5, **kw,
    )


def _drop(url: str, name: str) -> None:
    with _connect(url, "postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _create(url: str, name: str) -> None:
    _drop(url, name)
    with _connect(url, "postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')


def _tongxin(env: dict, *args: str) -> str:
    done = subprocess.run([str(TONGXIN), *args], cwd=REPO, env=env, capture_output=True,
                          text=True)
    if done.returncode != 0:
        raise SystemExit(f"tongxin {' '.join(args)} failed ({done.returncode}):\n"
                         f"{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return done.stdout


@dataclass
class World:
    token: str
    district: str
    points: list[tuple[float, float, str]]  # (lat, lng, grid name)
    categories: list[str]


def build_world(env: dict, server_url: str, dbname: str) -> World:
    _tongxin(env, "migrate", "--no-input", "-v", "0")
    _tongxin(env, "demo", "--no-cases")
    with _connect(server_url, dbname) as conn:
        district = conn.execute(
            "SELECT code FROM regions_region WHERE level = 'district' ORDER BY code LIMIT 1"
        ).fetchone()
        if district is None:
            raise SystemExit("the demo data has no district")
        points = [
            (lat, lng, name) for lat, lng, name in conn.execute(
                "SELECT center_lat, center_lng, name FROM regions_region "
                "WHERE level = 'grid' AND center_lat IS NOT NULL ORDER BY code"
            ).fetchall()
        ]
        # Leaf categories: what a client would pick from GET /categories.
        categories = [row[0] for row in conn.execute(
            "SELECT c.code FROM org_category c WHERE NOT EXISTS "
            "(SELECT 1 FROM org_category k WHERE k.parent_id = c.id) ORDER BY c.code"
        ).fetchall()]
    if not points:
        raise SystemExit("the demo data has no grid with a centre point")
    out = _tongxin(env, "token", "create", "--user", BENCH_USER, "--channel", "api",
                   "--name", "HTTP load benchmark", "--create-user", "--role", "operator",
                   "--region", district[0])
    return World(out.strip().splitlines()[-1].strip(), district[0], points, categories)


# ---------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`tongxin serve` (gunicorn master + workers) in its own process group."""

    def __init__(self, env: dict, port: int, workers: int, threads: int, log: Path):
        self.env, self.port, self.workers, self.threads, self.log = env, port, workers, threads, log
        self.proc: subprocess.Popen | None = None
        self.starts: list[float] = []  # seconds from start() to the first answer

    def start(self, timeout: float = 60.0) -> float:
        begin = time.perf_counter()
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [str(TONGXIN), "serve", "--bind", f"127.0.0.1:{self.port}",
                 "--workers", str(self.workers), "--threads", str(self.threads)],
                cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: killpg reaches the workers
            )
        while time.perf_counter() - begin < timeout:
            if self.proc.poll() is not None:
                raise SystemExit(f"the server exited with {self.proc.returncode}; see {self.log}")
            if self.answers():
                took = time.perf_counter() - begin
                self.starts.append(took)
                return took
            time.sleep(0.05)
        raise SystemExit(f"the server did not answer within {timeout} s; see {self.log}")

    def answers(self) -> bool:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
            conn.request("GET", "/api/v1/categories")
            conn.getresponse().read()
            conn.close()
            return True
        except (OSError, http.client.HTTPException):
            return False

    def kill(self) -> None:
        """SIGKILL the master and every worker at once: no graceful anything."""
        assert self.proc is not None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:  # the workers are gone (or zombies) too
            try:
                os.killpg(self.proc.pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.02)

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()


# ---------------------------------------------------------------- the clients

TITLES = ["路灯不亮", "井盖缺失", "占道经营", "垃圾未清运", "噪音扰民", "道路积水", "违章停车",
          "绿化带破损", "楼道堆物", "广告牌松动"]
RETRYABLE_STATUS = range(500, 600)


@dataclass
class Attempt:
    start: float
    end: float
    status: int | None  # None: connection error / timeout
    error: str = ""


@dataclass
class Report:
    key: str
    body: bytes
    attempts: list[Attempt] = field(default_factory=list)
    status: int | None = None  # final HTTP status, None if it never got an answer
    case_id: int | None = None
    number: str = ""
    replayed: bool = False

    @property
    def acked(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def latency(self) -> float:
        return self.attempts[-1].end - self.attempts[0].start


class Load:
    """N threads, each with one keep-alive connection, sending reports until `count` have
    been started or `seconds` have passed; a started report is carried through its retries."""

    def __init__(self, port: int, world: World, *, clients: int, count: int, seconds: float,
                 max_attempts: int, retry_seconds: float, timeout: float, tag: str):
        self.port, self.world, self.clients = port, world, clients
        self.count, self.seconds, self.tag = count, seconds, tag
        self.max_attempts, self.retry_seconds, self.timeout = max_attempts, retry_seconds, timeout
        self.reports: list[Report] = []
        self._lock = threading.Lock()
        self._next = 0
        self.started_at = self.ended_at = 0.0

    def _take(self) -> int | None:
        with self._lock:
            if self._next >= self.count or time.perf_counter() - self.started_at > self.seconds:
                return None
            self._next += 1
            return self._next - 1

    def _report(self, i: int) -> Report:
        lat, lng, grid = self.world.points[i % len(self.world.points)]
        key = str(uuid.uuid4())
        rnd = random.Random(key)
        body = {
            "title": f"{rnd.choice(TITLES)}（{grid}）",
            "description": (f"市民反映：{grid}附近{rnd.choice(TITLES)}，请尽快处理。"
                            f"客户端编号 {key}"),
            "lat": round(lat + rnd.uniform(-2e-5, 2e-5), 7),
            "lng": round(lng + rnd.uniform(-2e-5, 2e-5), 7),
            "address": f"{grid} {rnd.randint(1, 200)}号",
            "reporter_name": "张先生",
            "reporter_phone": f"139{rnd.randint(0, 99999999):08d}",
        }
        if self.world.categories:
            body["category"] = rnd.choice(self.world.categories)
        return Report(key, json.dumps(body, ensure_ascii=False).encode())

    def _worker(self) -> None:
        conn: http.client.HTTPConnection | None = None
        headers = {"Authorization": f"Bearer {self.world.token}",
                   "Content-Type": "application/json", "Accept": "application/json"}
        while (i := self._take()) is not None:
            report = self._report(i)
            with self._lock:
                self.reports.append(report)
            first = time.perf_counter()
            for n in range(self.max_attempts):
                if n and time.perf_counter() - first > self.retry_seconds:
                    break
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", self.port,
                                                      timeout=self.timeout)
                start = time.perf_counter()
                try:
                    conn.request("POST", PATH, body=report.body,
                                 headers={**headers, "Idempotency-Key": report.key})
                    resp = conn.getresponse()
                    data = resp.read()
                    status = resp.status
                    if resp.will_close:
                        conn.close()
                        conn = None
                except (OSError, http.client.HTTPException) as exc:
                    report.attempts.append(Attempt(start, time.perf_counter(), None,
                                                   type(exc).__name__))
                    with contextlib.suppress(Exception):
                        conn.close()
                    conn = None
                    time.sleep(min(0.05 * 2 ** n, 0.5) * random.uniform(0.5, 1.0))
                    continue
                report.attempts.append(Attempt(start, time.perf_counter(), status))
                report.status = status
                if 200 <= status < 300:
                    payload = json.loads(data)
                    report.case_id, report.number = payload["id"], payload["number"]
                    report.replayed = resp.getheader("Idempotent-Replayed") == "true"
                    break
                if status not in RETRYABLE_STATUS:
                    break  # a 4xx is the client's fault: retrying would not help
                time.sleep(min(0.05 * 2 ** n, 0.5) * random.uniform(0.5, 1.0))
        if conn is not None:
            conn.close()

    def run(self) -> Load:
        threads = [threading.Thread(target=self._worker, name=f"{self.tag}-{n}", daemon=True)
                   for n in range(self.clients)]
        self.started_at = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.ended_at = time.perf_counter()
        return self


def pct(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


def summarize(load: Load) -> dict:
    attempts = [a for r in load.reports for a in r.attempts]
    ok_latency = [a.end - a.start for a in attempts if a.status and 200 <= a.status < 300]
    seconds = load.ended_at - load.started_at
    acked = sum(r.acked for r in load.reports)
    statuses: dict[str, int] = {}
    for a in attempts:
        k = str(a.status) if a.status is not None else a.error
        statuses[k] = statuses.get(k, 0) + 1
    return {
        "reports": len(load.reports),
        "acked_2xx": acked,
        "not_acked": len(load.reports) - acked,
        "requests": len(attempts),
        "request_outcomes": dict(sorted(statuses.items())),
        "seconds": round(seconds, 3),
        "reports_per_second": round(acked / seconds, 1) if seconds else None,
        "latency_ms": {"p50": ms(pct(ok_latency, 50)), "p95": ms(pct(ok_latency, 95)),
                       "p99": ms(pct(ok_latency, 99)), "max": ms(max(ok_latency, default=None)),
                       "of": "each 2xx request, send to full response"},
    }


# ---------------------------------------------------------------- the check


def verify(server_url: str, dbname: str, reports: list[Report]) -> dict:
    """Compare what the clients were told with what the database holds."""
    with _connect(server_url, dbname) as conn:
        records = {
            key: (case_id, status)
            for key, case_id, status in conn.execute(
                "SELECT r.key, r.case_id, r.status_code FROM intake_idempotencyrecord r "
                "JOIN accounts_user u ON u.id = r.user_id WHERE u.username = %s", (BENCH_USER,)
            ).fetchall()
        }
        cases = {cid: number for cid, number in conn.execute(
            "SELECT id, number FROM cases_case").fetchall()}
        # The key is also in each report's text: count cases per key without trusting the
        # idempotency table, so a case created twice would show even with one record.
        per_key = dict(conn.execute(
            "SELECT substring(description from '客户端编号 ([0-9a-f-]{36})') AS k, count(*) "
            "FROM cases_case GROUP BY k").fetchall())
    lost, wrong, duplicated = [], [], []
    for r in reports:
        stored = per_key.get(r.key, 0)
        if stored > 1:
            duplicated.append(r.key)
        if not r.acked:
            continue
        rec = records.get(r.key)
        if rec is None or rec[0] is None or rec[0] not in cases or stored != 1:
            lost.append(r.key)
        elif rec[0] != r.case_id or cases[rec[0]] != r.number:
            wrong.append(r.key)
    sent = {r.key for r in reports}
    unacked_stored = sum(1 for r in reports if not r.acked and per_key.get(r.key, 0) >= 1)
    return {
        "acked_2xx": sum(r.acked for r in reports),
        "lost": len(lost),
        "duplicated": len(duplicated),
        "acked_with_other_case": len(wrong),
        "stored_but_not_acked": unacked_stored,
        "cases_in_database": len(cases),
        "idempotency_records": len(records),
        "cases_not_from_this_run": sum(n for k, n in per_key.items() if k not in sent),
        "examples": {"lost": lost[:5], "duplicated": duplicated[:5], "wrong": wrong[:5]},
    }


def kill_window(reports: list[Report], killed_at: float, back_at: float) -> dict:
    """What became of the requests in flight when the server died, and of the outage."""
    in_flight = [r for r in reports
                 if any(a.start <= killed_at < a.end for a in r.attempts)]
    retried = [r for r in reports if len(r.attempts) > 1]
    outage = [r for r in reports if any(a.status is None for a in r.attempts)]

    def resolution(rs: list[Report]) -> dict:
        return {
            "count": len(rs),
            "acked_fresh": sum(r.acked and not r.replayed for r in rs),
            "acked_replayed": sum(r.acked and r.replayed for r in rs),
            "gave_up": sum(r.status is None for r in rs),
            "refused": sum(r.status is not None and not r.acked for r in rs),
            "max_attempts": max((len(r.attempts) for r in rs), default=0),
            "max_latency_s": round(max((r.latency for r in rs), default=0.0), 3),
        }

    return {
        "in_flight_at_kill": resolution(in_flight),
        "retried": resolution(retried),
        "saw_connection_error": resolution(outage),
        "outage_seconds": round(back_at - killed_at, 3),
        "note": "acked_replayed: the first attempt had committed but its answer was lost; the "
                "retry with the same key got the stored result (Idempotent-Replayed: true).",
    }


# ---------------------------------------------------------------- results file


def _load_avg() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL") or DEFAULT_PG,
                        help="PostgreSQL server to use (default: DATABASE_URL, else %(default)s)")
    parser.add_argument("--pg-database", default="tongxin_bench_http",
                        help="the scratch database created and dropped on that server")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument("--clients", type=int, default=16, help="concurrent client threads")
    parser.add_argument("--duration", type=float, default=30.0,
                        help="phase 1 time cap in seconds (default 30)")
    parser.add_argument("--requests", type=int, default=20000,
                        help="phase 1 report cap (default 20000)")
    parser.add_argument("--kill-requests", type=int, default=800,
                        help="reports in phase 2, the kill phase (default 800)")
    parser.add_argument("--kill-duration", type=float, default=90.0,
                        help="phase 2 time cap in seconds (default 90)")
    parser.add_argument("--kill-after", type=float, default=3.0,
                        help="seconds into phase 2 when the server is killed")
    parser.add_argument("--restart-delay", type=float, default=1.0,
                        help="seconds between the kill and the restart")
    parser.add_argument("--max-attempts", type=int, default=100, help="per report")
    parser.add_argument("--retry-seconds", type=float, default=60.0,
                        help="a client gives up a report after retrying this long")
    parser.add_argument("--timeout", type=float, default=15.0, help="per request, seconds")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if urlsplit(args.database_url).scheme not in {"postgres", "postgresql"}:
        parser.error("this benchmark needs PostgreSQL (a postgres:// DATABASE_URL)")

    tmp = Path(tempfile.mkdtemp(prefix="tongxin-bench-http-"))
    db_url = _with_dbname(args.database_url, args.pg_database)
    env = {**os.environ, "DATABASE_URL": db_url, "TONGXIN_DATA_DIR": str(tmp),
           "TONGXIN_CREATE_KEYS": "1",
           "TONGXIN_MEDIA_ROOT": str(tmp / "media"), "TONGXIN_LOG_LEVEL": "ERROR",
           "TONGXIN_DEBUG": "0", "PYTHONUNBUFFERED": "1"}
    server = Server(env, free_port(), args.workers, args.threads, tmp / "server.log")
    _create(args.database_url, args.pg_database)
    try:
        setup_start = time.perf_counter()
        world = build_world(env, args.database_url, args.pg_database)
        print(f"http_intake: database {args.pg_database} ready in "
              f"{time.perf_counter() - setup_start:.1f} s ({len(world.points)} grid points, "
              f"{len(world.categories)} categories, district {world.district})", flush=True)
        boot = server.start()
        print(f"http_intake: gunicorn on 127.0.0.1:{server.port} ({args.workers} workers × "
              f"{args.threads} threads) answered after {boot:.1f} s", flush=True)

        common = dict(clients=args.clients, max_attempts=args.max_attempts,
                      retry_seconds=args.retry_seconds, timeout=args.timeout)
        # Warm up each worker's imports, caches and database connections (not measured).
        warm = Load(server.port, world, count=4 * args.clients, seconds=30, tag="warm",
                    **common).run()

        load1_avg_before = _load_avg()
        phase1 = Load(server.port, world, count=args.requests, seconds=args.duration,
                      tag="steady", **common).run()
        steady = summarize(phase1)
        steady["load_average_after"] = _load_avg()
        steady["load_average_before"] = load1_avg_before
        print(f"http_intake: steady {steady['acked_2xx']} reports in {steady['seconds']} s = "
              f"{steady['reports_per_second']} reports/s; latency p50 "
              f"{steady['latency_ms']['p50']} ms, p95 {steady['latency_ms']['p95']} ms, p99 "
              f"{steady['latency_ms']['p99']} ms; outcomes {steady['request_outcomes']}",
              flush=True)

        phase2 = Load(server.port, world, count=args.kill_requests, seconds=args.kill_duration,
                      tag="kill", **common)
        marks: dict[str, float] = {}

        def killer() -> None:
            time.sleep(args.kill_after)
            marks["killed"] = time.perf_counter()
            server.kill()
            time.sleep(args.restart_delay)
            marks["restarting"] = time.perf_counter()
            server.start()
            marks["back"] = time.perf_counter()

        chaos = threading.Thread(target=killer, name="killer")
        chaos.start()
        phase2.run()
        chaos.join()
        if "back" not in marks:
            raise SystemExit("the server was not restarted")
        if marks["killed"] > phase2.ended_at:
            raise SystemExit("phase 2 finished before the kill: raise --kill-requests")
        kill = summarize(phase2)
        kill.update(kill_window(phase2.reports, marks["killed"], marks["back"]))
        kill["restart_seconds"] = round(marks["back"] - marks["restarting"], 3)
        kill["killed_at_s"] = round(marks["killed"] - phase2.started_at, 3)
        kill["load_average_after"] = _load_avg()
        check = verify(args.database_url, args.pg_database,
                       warm.reports + phase1.reports + phase2.reports)
        with _connect(args.database_url, args.pg_database) as conn:
            pg_version = conn.execute("SHOW server_version").fetchone()[0]
    finally:
        server.stop()
        with contextlib.suppress(Exception):
            _drop(args.database_url, args.pg_database)

    figures = {
        "steady": steady,
        "kill_restart": kill,
        "integrity": check,
        "server": {"software": "gunicorn via `tongxin serve` (gthread)", "workers": args.workers,
                   "threads": args.threads, "bind": "127.0.0.1 (loopback)",
                   "database": f"PostgreSQL {pg_version}", "boot_seconds": round(boot, 2)},
        "client": {"threads": args.clients, "library": "http.client keep-alive",
                   "endpoint": f"POST {PATH}", "max_attempts": args.max_attempts,
                   "retry_seconds": args.retry_seconds, "timeout_s": args.timeout,
                   "phase1_cap": {"reports": args.requests, "seconds": args.duration},
                   "phase2_cap": {"reports": args.kill_requests, "seconds": args.kill_duration},
                   "kill_after_s": args.kill_after, "restart_delay_s": args.restart_delay},
        "load_average": _load_avg(),
        "note": "client and server share the machine; the load average counts other work too",
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    record(args.results, KEY, "postgresql", figures)
    inflight = kill["in_flight_at_kill"]
    print(f"http_intake: kill phase {kill['acked_2xx']}/{kill['reports']} reports acked in "
          f"{kill['seconds']} s; server down {kill['outage_seconds']} s; {inflight['count']} in "
          f"flight at the kill → {inflight['acked_fresh']} created on retry, "
          f"{inflight['acked_replayed']} replayed, {inflight['gave_up']} gave up", flush=True)
    print(f"http_intake: integrity {check['acked_2xx']} acked, {check['lost']} lost, "
          f"{check['duplicated']} duplicated, {check['acked_with_other_case']} mismatched; "
          f"{check['cases_in_database']} cases in the database", flush=True)
    bad = check["lost"] or check["duplicated"] or check["acked_with_other_case"]
    if bad:
        print(f"http_intake: FAILED {check['examples']}", file=sys.stderr)
        return 1
    with contextlib.suppress(OSError):
        import shutil

        shutil.rmtree(tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
