"""The worker's jobs, in two lanes that never wait for each other.

The deadline lane (triage, the sweep, escalation, deliveries, seals) must keep its promise
— a warning within seconds of its deadline — so nothing slow runs in it. The analysis lane
(the dashboard summary and snapshots, scheduled reports, referral rules, retention) may take
its time: at a city's size one snapshot round reads for tens of seconds. Each lane is a
thread with its own database connection (tongxin.worker.management.commands.worker).

This app sits above every other: it is the one place that knows all the jobs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tongxin.analytics import snapshots
from tongxin.analytics.stats import refresh_dirty
from tongxin.areas.services import fall_back_unsigned
from tongxin.basedata.overdue import open_overdue
from tongxin.cases import trail
from tongxin.cases.sweep import sweep
from tongxin.emergency.services import open_pending
from tongxin.feedback.services import mark_unreached, open_visits
from tongxin.intake.feeds import poll_feeds
from tongxin.intake.services import purge_unattached_uploads
from tongxin.mediation.windows import warn_closing
from tongxin.outbound.delivery import deliver_due
from tongxin.records.retention import anonymise_expired
from tongxin.scoring.reports.build import run_schedule
from tongxin.security import seals as audit_seals
from tongxin.sensing.alarms import mark_offline
from tongxin.supervision.escalation import escalate_unanswered
from tongxin.supervision.referrals import detect_referrals
from tongxin.triage.duplicates import index_missing
from tongxin.triage.services import triage_new_cases
from tongxin.whistle.services import miss_overdue

Job = Callable[[], Any]

DEADLINES: dict[str, Job] = {
    # First: a new report is triaged (dispatched or sent to adjudication) in the next round.
    "triage": triage_new_cases,
    # A programme visit past its due date becomes a case the sweep below warns on.
    "visit_overdue": open_overdue,
    # An incident whose process died between its start's commit and its tasks: opened here.
    "emergency_tasks": open_pending,
    # Also opens the automatic supervision orders of red cases (a subscriber, same commit).
    "sla_sweep": sweep,
    "supervision_escalation": escalate_unanswered,
    "outbound_delivery": deliver_due,
    "feed_poll": poll_feeds,  # each feed is throttled by its own poll interval
    "return_visits": open_visits,  # text the rating link once a case closes
    "trail_seal": trail.seal,  # the trails' chain heads, sealed (tongxin.cases.trail)
    # Devices silent for twice their heartbeat go offline, with an alarm (tongxin.sensing).
    "device_heartbeat": lambda: {"offline": mark_offline()},
    "audit_checkpoint": audit_seals.checkpoint,  # the audit log's head (security.seals)
    # Cases an area's unit (a property company) did not sign for in time go to the street.
    "area_fallback": fall_back_unsigned,
    # A signed agreement whose 30 days for judicial confirmation are running out.
    "judicial_windows": warn_closing,
    # 吹哨报到: a called department that has not reported in within its minutes (a miss).
    "whistle_misses": miss_overdue,
}
ANALYSIS: dict[str, Job] = {
    # Folds changed cases into the dashboard's daily summary (tongxin.analytics).
    "analytics_refresh": refresh_dirty,
    # Early warnings, hot issues and trending words per district and street (snapshots.py).
    "analytics_snapshots": snapshots.refresh,
    "referral_detection": detect_referrals,
    "text_index": index_missing,  # open cases without a duplicate-detector vector
    "reports": run_schedule,  # 日分析 daily, 周总结 Mondays, 月通报 on the 1st
    "visits_unreached": mark_unreached,
    "upload_purge": lambda: {"removed": purge_unattached_uploads()},
    # Personal data past TONGXIN_PERSONAL_RETENTION_DAYS (个人信息保护法): idempotent.
    "personal_data_retention": lambda: {"anonymised": anonymise_expired()},
}
LANES: dict[str, dict[str, Job]] = {"deadlines": DEADLINES, "analysis": ANALYSIS}
JOBS: dict[str, Job] = {**DEADLINES, **ANALYSIS}

# Jobs that need not run every round (seconds between runs). Referral rules count weeks of
# history, so a few minutes of delay changes nothing and spares the database.
EVERY = {"referral_detection": 300.0, "upload_purge": 3600.0, "visits_unreached": 3600.0,
         "reports": 60.0,  # one missing report per run (scoring.reports.build)
         "personal_data_retention": 3600.0, "analytics_snapshots": 300.0,
         "trail_seal": 300.0, "device_heartbeat": 30.0, "audit_checkpoint": 300.0,
         "area_fallback": 60.0, "visit_overdue": 300.0,
         "judicial_windows": 3600.0, "emergency_tasks": 60.0}
