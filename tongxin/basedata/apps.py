from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BasedataConfig(AppConfig):
    name = "tongxin.basedata"
    verbose_name = _("Grid base data")
