"""Run one function in several threads (each with its own database connection), released
together by a barrier: for the tests of concurrent retries."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections


def at_once(count: int, call: Callable[[int], Any], *, timeout: float = 30) -> list[Any]:
    """call(i) for i in range(count), all started at the same moment; the results in order."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = call(i)
        finally:
            connections.close_all()  # this thread's own connections

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    return results
