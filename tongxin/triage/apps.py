from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TriageConfig(AppConfig):
    name = "tongxin.triage"
    verbose_name = _("Triage")

    def ready(self) -> None:
        from tongxin.cases.services import EVENT_HOOKS

        from .services import record_correction

        if record_correction not in EVENT_HOOKS:
            EVENT_HOOKS.append(record_correction)
