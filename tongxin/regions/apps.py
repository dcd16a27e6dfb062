from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "tongxin.regions"
    verbose_name = _("Regions")

    def ready(self) -> None:
        from . import signals  # noqa: F401
