"""What the 12345 console costs while the operator types: knowledge-base search over the
articles seeded from appeals-zh/messages_with_replies.csv, and the similar-open-cases lookup
over a district's open cases (titles and texts from the same file).

Needs the shared data (skips with a message and exit 0 without it). The database is a
throw-away one (see bench_loop.bench_database). Writes bench/results.json → "hotline".

    .venv/bin/python bench/bench_hotline.py [--cases 2000] [--queries 200]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

from bench_loop import _load, _server_version, _setup_django, bench_database
from results_file import record

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results.json"
KEY = "hotline"
DATA = Path(os.environ.get("TONGXIN_SHARED_DATA", REPO.parent / "shared" / "data"))
REPLIES = DATA / "appeals-zh" / "messages_with_replies.csv"


def _ms(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {"median_ms": round(1000 * statistics.median(ordered), 2),
            "p95_ms": round(1000 * ordered[int(0.95 * (len(ordered) - 1))], 2)}


def _messages() -> list[dict]:
    csv.field_size_limit(10**8)
    with REPLIES.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def measure(cases: int, queries: int) -> dict:
    from django.db import connection

    from tests.world import build_world
    from tongxin.cases.services import NewCase, create_case
    from tongxin.hotline.models import KnowledgeArticle
    from tongxin.hotline.selectors import search_knowledge, similar_open_cases
    from tongxin.hotline.services import seed_knowledge_base

    world = build_world()
    start = time.perf_counter()
    seeded = seed_knowledge_base(path=REPLIES)
    seed_seconds = time.perf_counter() - start

    rows = _messages()
    rng = random.Random(7)
    operator = world.user("operator")
    communities = list(world.communities.values())
    for i in range(cases):
        row = rows[i % len(rows)]
        create_case(actor=operator, new=NewCase(
            channel="hotline", title=(row["subject"] or "诉求")[:200],
            description=(row["text"] or "")[:500], reporter_phone=f"139{i:08d}",
            region=communities[i % len(communities)]))

    probes = [rng.choice(rows)["subject"] for _ in range(queries)]
    kb, similar, hits = [], [], 0
    for text in probes:
        t0 = time.perf_counter()
        found = search_knowledge(text)
        kb.append(time.perf_counter() - t0)
        hits += bool(found) and found[0].question == text[:300]
        t0 = time.perf_counter()
        similar_open_cases(user=operator, phone="", text=text)
        similar.append(time.perf_counter() - t0)
    return {
        "articles": KnowledgeArticle.objects.count(), "rows_skipped": seeded.skipped,
        "seed_seconds": round(seed_seconds, 2), "open_cases": cases, "queries": queries,
        "kb_search": _ms(kb), "kb_top1_is_the_same_question": round(hits / queries, 3),
        "similar_open_cases": _ms(similar),
        "load_average": _load(),
        "server": f"{connection.vendor} {_server_version(connection)}",
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=2000, help="open cases (default 2000)")
    parser.add_argument("--queries", type=int, default=200, help="timed lookups (default 200)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL") or None)
    parser.add_argument("--pg-database", default="tongxin_bench_hotline")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if args.cases < 1 or args.queries < 1:
        parser.error("--cases and --queries must be positive")
    if not REPLIES.is_file():
        print(f"hotline: skipped, {REPLIES} is not present")
        return 0
    with bench_database(args.database_url, args.pg_database) as vendor:
        _setup_django()
        figures = measure(args.cases, args.queries)
    record(args.results, KEY, vendor, figures)
    print(f"hotline[{vendor}]: {figures['articles']} articles, KB search "
          f"{figures['kb_search']}, similar cases {figures['similar_open_cases']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
