"""`tongxin worker`: the background loop (deadline sweep; more jobs join as they are built).

Workers poll the database; any number can run side by side because every job claims its rows
with conditional updates / SKIP LOCKED. No broker is needed.
"""

import logging
import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from tongxin.sla.sweep import sweep

log = logging.getLogger("tongxin.worker")

JOBS = {"sla_sweep": sweep}


class Command(BaseCommand):
    help = "Run background jobs: deadline warnings and other periodic work."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--interval", type=float, default=30.0, help="seconds between rounds")
        parser.add_argument("--once", action="store_true", help="run one round and exit")

    def handle(self, *args, interval: float, once: bool, **options) -> None:
        self.stopping = False
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        while not self.stopping:
            self._round()
            if once:
                return
            time.sleep(interval)

    def _stop(self, *_args) -> None:
        self.stopping = True

    def _round(self) -> None:
        close_old_connections()
        for name, job in JOBS.items():
            try:
                result = job()
            except Exception:  # one failing job must not stop the others
                log.exception("job %s failed", name)
            else:
                if result and any(result.values()):
                    log.info("job %s: %s", name, result)
