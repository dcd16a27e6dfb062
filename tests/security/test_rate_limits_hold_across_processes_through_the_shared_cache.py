"""Issue 28 finding 6: counters lived in each process's memory, so two gunicorn workers let
20 of 30 anonymous reports through a 10/hour limit. Two separate processes now count in one
place (the database cache by default, Redis when configured): 30 attempts, 10 through."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
LIMIT, HITS, PROCESSES = 10, 15, 2


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ, TONGXIN_RATE_ANONYMOUS=f"{LIMIT}/h", **extra)
    env.pop("TONGXIN_CACHE_URL", None)
    env.update(extra)
    return env


def _run(env: dict[str, str], *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.security.ratelimit_hits", *args],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def _through(env: dict[str, str]) -> int:
    """Both processes at once, from one address; the number they let through together."""
    address = f"203.0.113.{uuid.uuid4().int % 250 + 1}"
    runs = [_run(env, address, str(HITS)) for _ in range(PROCESSES)]
    total = 0
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
        total += int(out.strip().splitlines()[-1])
    return total


def _database_env(tmp_path: Path) -> dict[str, str]:
    """The processes' database: the test database on PostgreSQL, a file on SQLite (the
    in-memory test database cannot be shared)."""
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        url = f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
        return _env(DATABASE_URL=url)
    env = _env(TONGXIN_SQLITE_PATH=str(tmp_path / "shared.sqlite3"))
    env.pop("DATABASE_URL", None)
    run = _run(env, "0", "0", "--create-table")
    assert run.wait(timeout=120) == 0, run.stderr.read() if run.stderr else ""
    return env


def test_memory_per_process_lets_twice_the_limit_through():
    # The old configuration, kept as "locmem://": the attack as the issue found it.
    assert _through(_env(TONGXIN_CACHE_URL="locmem://")) == LIMIT * PROCESSES


@pytest.mark.django_db(transaction=True)
def test_the_database_cache_holds_the_limit_across_processes(tmp_path):
    try:
        assert _through(_database_env(tmp_path)) == LIMIT
    finally:
        caches["shared"].clear()


def test_redis_holds_the_limit_across_processes():
    redis = pytest.importorskip("redis")
    url = os.environ.get("TONGXIN_TEST_REDIS", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {url}")
    assert _through(_env(TONGXIN_CACHE_URL=url)) == LIMIT
