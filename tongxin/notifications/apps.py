from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "tongxin.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from tongxin.cases.events import Phase, subscribe

        from .handlers import ACTIONS, TO_NAMED_UNITS, on_events, on_units_changed

        subscribe(on_events, phase=Phase.IN_TRANSACTION, actions=ACTIONS)
        # The appliers name the unit the case leaves: read with the engine's lock, no query.
        subscribe(on_units_changed, phase=Phase.IN_TRANSACTION, actions=TO_NAMED_UNITS,
                  reads=("lead_department",))
