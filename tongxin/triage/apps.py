from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TriageConfig(AppConfig):
    name = "tongxin.triage"
    verbose_name = _("Triage")

    def ready(self) -> None:
        from tongxin.cases.events import Phase, subscribe

        from .services import record_corrections

        # The suggestion comes with the engine's locked read of the case (no query here).
        subscribe(record_corrections, phase=Phase.IN_TRANSACTION, actions={"dispatch", "reassign"},
                  reads=("triage",))
