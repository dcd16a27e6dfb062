from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "tongxin.scoring"
    verbose_name = _("Assessment and reports")

    def ready(self) -> None:
        from tongxin.cases.events import Phase, subscribe

        from .handlers import on_events

        subscribe(on_events, phase=Phase.IN_TRANSACTION)
