"""`tongxin worker`: the background jobs (tongxin.worker.jobs), each lane in its own thread.

Workers poll the database; any number can run side by side because every job claims its rows
with conditional updates / SKIP LOCKED (or, for referral detection, an advisory lock). No
broker is needed. The deadline lane never waits for the analysis lane.
"""

import logging
import signal
import threading
import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

from tongxin.worker import jobs
from tongxin.worker.jobs import EVERY, Job

log = logging.getLogger("tongxin.worker")


class Command(BaseCommand):
    help = "Run background jobs: deadline warnings and other periodic work."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--interval", type=float, default=30.0, help="seconds between rounds")
        parser.add_argument("--once", action="store_true", help="run one round and exit")

    def handle(self, *args, interval: float, once: bool, **options) -> None:
        # Set by SIGTERM/SIGINT; waiting on it (not sleeping) lets Ctrl-C stop at once.
        self.stopping = threading.Event()
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        lanes = [Lane(name, lane) for name, lane in jobs.LANES.items()]
        if once:
            for lane in lanes:
                lane.round()
            return
        threads = [threading.Thread(target=lane.run, args=(self.stopping, interval),
                                    name=f"worker-{lane.name}", daemon=True) for lane in lanes]
        for thread in threads:
            thread.start()
        while any(t.is_alive() for t in threads) and not self.stopping.is_set():
            self.stopping.wait(1.0)
        for thread in threads:
            thread.join(timeout=60)

    def _stop(self, *_args: Any) -> None:
        self.stopping.set()


class Lane:
    """One thread's jobs, run in order every round; its own database connection."""

    def __init__(self, name: str, jobs: dict[str, Job]) -> None:
        self.name, self.jobs = name, jobs
        self.last_run: dict[str, float] = {}

    def run(self, stopping: threading.Event, interval: float) -> None:
        try:
            while not stopping.is_set():
                self.round()
                stopping.wait(interval)
        finally:
            connection.close()  # this thread's own

    def _due(self, name: str) -> bool:
        every = EVERY.get(name)
        last = self.last_run.get(name)
        return every is None or last is None or time.monotonic() - last >= every

    def round(self) -> None:
        close_old_connections()
        for name, job in self.jobs.items():
            if not self._due(name):
                continue
            self.last_run[name] = time.monotonic()
            try:
                result = job()
            except Exception:  # one failing job must not stop the others
                log.exception("job %s failed", name)
            else:
                if result and any(result.values()):
                    log.info("job %s: %s", name, result)
