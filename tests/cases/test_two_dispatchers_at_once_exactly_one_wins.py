"""Two dispatchers dispatch the same case at the same moment, each to a different lead
department, on two real database connections. Exactly one wins; the other gets
IllegalTransition (once it holds the row the case is no longer `registered`); the trail has
one dispatch event and the case's lead is the winner's.

services.act locks the row (SELECT … FOR UPDATE) before it reads the state, so on PostgreSQL
the loser waits for the winner's commit and then reads the new state. On SQLite the write lock
is taken at BEGIN (transaction_mode IMMEDIATE in settings), which serialises them the same way;
that variant runs in a child process on a fresh SQLite file, because the in-memory test
database cannot host two writing connections.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.world import build_world
from tongxin.cases.workflow import IllegalTransition, State
from tongxin.sla.models import TimeLimitPolicy

from .race import rounds

ROUNDS = 6
REPO = Path(__file__).resolve().parents[2]


def _ensure_policies() -> None:
    # A transactional test starts from whatever the previous one's flush left: the default
    # policies the migration loads may be gone.
    TimeLimitPolicy.objects.get_or_create(
        name="general", defaults={"label": "一般事项", "accept_value": 1,
                                  "accept_unit": "working_days", "finish_value": 5,
                                  "finish_unit": "working_days"})


def _exactly_one_winner(summary: dict, contenders: set[int]) -> None:
    assert len(summary["won"]) == 1, summary
    assert summary["won"][0] in contenders
    # The loser's error is IllegalTransition raised in state `dispatched`.
    assert summary["lost"] == [f"{IllegalTransition.__name__}:{State.DISPATCHED}"], summary
    assert summary["status"] == State.DISPATCHED
    assert summary["lead"] == summary["won"][0]
    assert summary["dispatch_events"] == 1


# Decided at collection, so a skipped variant never sets up (and flushes) a database.
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL variant; SQLite runs in a child process"
)
sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite variant: runs with the SQLite suite"
)


@postgresql_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("hold", [0.0, 0.1], ids=["same-moment", "second-waits-on-the-lock"])
def test_two_dispatchers_on_postgresql(hold):
    world = build_world()
    _ensure_policies()
    contenders = {world.departments["cg"].pk, world.departments["zj"].pk}
    for summary in rounds(world, ROUNDS, hold):
        _exactly_one_winner(summary, contenders)


@sqlite_only
def test_two_dispatchers_on_a_sqlite_file():
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    done = subprocess.run(
        [sys.executable, "-m", "tests.cases.race", "4"], cwd=REPO, env=env,
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert len(result["free"]) == len(result["held"]) == 4
    for summary in result["free"] + result["held"]:
        _exactly_one_winner(summary, set(result["departments"]))
