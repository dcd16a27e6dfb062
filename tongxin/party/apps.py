from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartyConfig(AppConfig):
    name = "tongxin.party"
    verbose_name = _("Party building (党建引领)")
