"""`tongxin worker`: the background loop (deadline sweep, supervision escalation, referral
detection, media feeds, outbound webhooks and SMS, clean-up of abandoned uploads).

Workers poll the database; any number can run side by side because every job claims its rows
with conditional updates / SKIP LOCKED (or, for referral detection, an advisory lock). No
broker is needed.
"""

import logging
import signal
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from tongxin.analytics import snapshots
from tongxin.analytics.stats import refresh_dirty
from tongxin.feedback.services import mark_unreached, open_visits
from tongxin.intake.feeds import poll_feeds
from tongxin.intake.services import purge_unattached_uploads
from tongxin.outbound.delivery import deliver_due
from tongxin.scoring.reports.build import run_schedule
from tongxin.security.retention import anonymise_expired
from tongxin.sla.sweep import sweep
from tongxin.supervision.escalation import escalate_unanswered
from tongxin.supervision.referrals import detect_referrals
from tongxin.triage.services import triage_new_cases

log = logging.getLogger("tongxin.worker")

# The sweep also opens the automatic supervision orders of red cases (same transaction).
JOBS: dict[str, Callable[[], Any]] = {
    # First: a new report is triaged (dispatched or sent to adjudication) in the next round.
    "triage": triage_new_cases,
    "sla_sweep": sweep,
    "supervision_escalation": escalate_unanswered,
    "referral_detection": detect_referrals,
    "feed_poll": poll_feeds,
    "outbound_delivery": deliver_due,  # each feed is throttled by its own poll interval
    "upload_purge": lambda: {"removed": purge_unattached_uploads()},
    # Folds changed cases into the dashboard's daily summary (tongxin.analytics).
    "analytics_refresh": refresh_dirty,
    # Early warnings, hot issues and trending words per district and street (snapshots.py).
    "analytics_snapshots": snapshots.refresh,
    "return_visits": open_visits,  # text the rating link once a case closes
    "visits_unreached": mark_unreached,
    "reports": run_schedule,  # 日分析 daily, 周总结 Mondays, 月通报 on the 1st
    # Personal data past TONGXIN_PERSONAL_RETENTION_DAYS (个人信息保护法): idempotent.
    "personal_data_retention": lambda: {"anonymised": anonymise_expired()},
}
# Jobs that need not run every round (seconds between runs). Referral rules count weeks of
# history, so a few minutes of delay changes nothing and spares the database.
EVERY = {"referral_detection": 300.0, "upload_purge": 3600.0, "visits_unreached": 3600.0,
         "reports": 60.0,  # one missing report per run (scoring.reports.build)
         "personal_data_retention": 3600.0, "analytics_snapshots": 300.0}


class Command(BaseCommand):
    help = "Run background jobs: deadline warnings and other periodic work."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--interval", type=float, default=30.0, help="seconds between rounds")
        parser.add_argument("--once", action="store_true", help="run one round and exit")

    def handle(self, *args, interval: float, once: bool, **options) -> None:
        # Set by SIGTERM/SIGINT; waiting on it (not sleeping) lets Ctrl-C stop at once.
        self.stopping = threading.Event()
        self.last_run: dict[str, float] = {}
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        while not self.stopping.is_set():
            self._round()
            if once:
                return
            self.stopping.wait(interval)

    def _stop(self, *_args) -> None:
        self.stopping.set()

    def _due(self, name: str) -> bool:
        every = EVERY.get(name)
        last = self.last_run.get(name)
        return every is None or last is None or time.monotonic() - last >= every

    def _round(self) -> None:
        close_old_connections()
        for name, job in JOBS.items():
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
