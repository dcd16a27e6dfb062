"""`TONGXIN_TEST_WALL_CLOCK` moves the wall clock for a whole pytest run (tests/wallclock.py),
in the test's thread and in the threads it starts (a live server's), so `make test-dates`
really runs the suite on another day."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

PROBE = textwrap.dedent('''
    import threading
    from django.utils import timezone

    def test_now_is_the_given_day():
        seen = []
        thread = threading.Thread(target=lambda: seen.append(timezone.localdate()))
        thread.start()
        thread.join()
        assert str(timezone.localdate()) == "2028-02-29" == str(seen[0])
''')


ROOT = Path(__file__).parents[2]


def run_probe(tmp_path: Path, moment: str) -> subprocess.CompletedProcess:
    probe = tmp_path / "test_probe.py"
    probe.write_text(PROBE)
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-c", str(ROOT / "pyproject.toml"), "--rootdir",
         str(ROOT), "-p", "tests.wallclock", str(probe)],
        env={**env, "TONGXIN_TEST_WALL_CLOCK": moment}, capture_output=True, text=True,
        timeout=120, cwd=ROOT,
    )


def test_the_run_sees_the_given_day(tmp_path):
    result = run_probe(tmp_path, "2028-02-29T09:30+08:00")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_moment_without_a_time_zone_is_refused(tmp_path):
    result = run_probe(tmp_path, "2028-02-29T09:30")
    assert result.returncode != 0
    assert "time zone offset" in result.stdout + result.stderr
