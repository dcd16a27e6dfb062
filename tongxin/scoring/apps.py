from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "tongxin.scoring"
    verbose_name = _("Assessment and reports")

    def ready(self) -> None:
        from . import handlers  # noqa: F401  (connects the close hook)
