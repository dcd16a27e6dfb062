from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "tongxin.cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from .events import Phase, subscribe
        from .linking import relay_master_outcomes

        # Closing events only matter here, but every kind of close counts (a table row
        # added later too), so the subscriber filters on the states, not on action names.
        subscribe(relay_master_outcomes, phase=Phase.AFTER_COMMIT)
