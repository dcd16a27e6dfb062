from django.apps import AppConfig


class LiveConfig(AppConfig):
    """Live screens: every case change, as server-sent events (tongxin.live.stream)."""

    name = "tongxin.live"
    verbose_name = "Live updates"

    def ready(self) -> None:
        from tongxin.cases.events import Phase, subscribe

        from .signal import notify_listeners

        # In the transaction: PostgreSQL delivers a NOTIFY only when (and if) it commits.
        subscribe(notify_listeners, phase=Phase.IN_TRANSACTION)
