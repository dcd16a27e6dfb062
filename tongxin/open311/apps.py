from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Open311Config(AppConfig):
    name = "tongxin.open311"
    verbose_name = _("Open311 GeoReport v2")
