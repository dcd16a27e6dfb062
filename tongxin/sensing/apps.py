from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SensingConfig(AppConfig):
    name = "tongxin.sensing"
    verbose_name = _("Sensors and video alarms")
