from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "tongxin.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from tongxin.cases.events import Phase, subscribe

        from .handlers import ACTIONS, on_events

        subscribe(on_events, phase=Phase.IN_TRANSACTION, actions=ACTIONS)
