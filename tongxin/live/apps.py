from django.apps import AppConfig


class LiveConfig(AppConfig):
    """Live screens: every case change, as server-sent events (tongxin.live.stream)."""

    name = "tongxin.live"
    verbose_name = "Live updates"
    # No bus subscriber: on PostgreSQL a trigger on the case-event table sends the NOTIFY
    # (migrations/0001_notify_on_case_events.py); elsewhere the streams poll.
