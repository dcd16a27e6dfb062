"""Drop the per-process test databases (test_tongxin_<pid>) that a finished test run left.

pytest-django drops its database at the end, but PostgreSQL refuses while another session
still holds it (a test thread's connection closing late), and the database stays behind.
Only databases whose pytest process is gone are dropped, so a run in progress is safe.
"""

import os
import re
import sys

import psycopg

NAME = re.compile(r"^test_tongxin_(\d+)$")


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def main(url: str) -> int:
    with psycopg.connect(url, autocommit=True) as conn:
        names = [row[0] for row in conn.execute("SELECT datname FROM pg_database")]
        for name in names:
            match = NAME.match(name)
            if match and not alive(int(match.group(1))):
                # Quiet on purpose: the test runner's summary stays the last line of output.
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
