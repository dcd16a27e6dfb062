from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "tongxin.feedback"
    verbose_name = _("Return visits")
