from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "tongxin.security"
    verbose_name = _("Security and audit")

    def ready(self) -> None:
        from . import checks, signals  # noqa: F401  (registers checks and receivers)
