from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldappConfig(AppConfig):
    name = "tongxin.fieldapp"
    verbose_name = _("Grid-worker field app")
