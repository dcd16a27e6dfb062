from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilsConfig(AppConfig):
    name = "tongxin.councils"
    verbose_name = _("Grid councils (网格议事会)")
