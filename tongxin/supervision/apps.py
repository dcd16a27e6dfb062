from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "tongxin.supervision"
    verbose_name = _("Supervision")

    def ready(self) -> None:
        from tongxin.cases.events import Phase, subscribe

        from .auto import on_red_alarms

        subscribe(on_red_alarms, phase=Phase.IN_TRANSACTION, actions={"warn_red"})
