"""Exit 0 when the PostgreSQL server at the given URL accepts a connection, else 1."""

import sys

import psycopg

try:
    psycopg.connect(sys.argv[1], connect_timeout=3).close()
except Exception as exc:  # any failure means "not reachable" for the Makefile
    print(f"PostgreSQL not reachable: {exc}", file=sys.stderr)
    sys.exit(1)
