from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboundConfig(AppConfig):
    name = "tongxin.outbound"
    verbose_name = _("Outbound delivery")

    def ready(self) -> None:
        from tongxin.cases.events import Phase, subscribe

        from .services import on_events

        subscribe(on_events, phase=Phase.IN_TRANSACTION)
