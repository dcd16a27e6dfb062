from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    """Records management over the stored data: retention of personal data, key rotation,
    backup and restore. Above the domain apps (it reads their tables); the crypto kit it
    uses stays in tongxin.security, below them."""

    name = "tongxin.records"
    verbose_name = _("Records management")
