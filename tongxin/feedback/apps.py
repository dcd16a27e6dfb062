from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "tongxin.feedback"
    verbose_name = _("Return visits")

    def ready(self) -> None:
        from tongxin.cases.events import Phase, subscribe

        from .services import on_ratings

        subscribe(on_ratings, phase=Phase.IN_TRANSACTION, actions={"rate", "reopen"})
