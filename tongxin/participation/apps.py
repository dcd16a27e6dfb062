from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "tongxin.participation"
    verbose_name = _("Citizen participation")

    def ready(self) -> None:
        from . import handlers  # noqa: F401  (points for valid reports)
