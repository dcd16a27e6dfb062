from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "tongxin.participation"
    verbose_name = _("Citizen participation")

    def ready(self) -> None:
        from tongxin.cases.events import Phase, subscribe

        from .handlers import on_registered

        subscribe(on_registered, phase=Phase.IN_TRANSACTION, actions={"register"})
