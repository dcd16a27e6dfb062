from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WhistleConfig(AppConfig):
    name = "tongxin.whistle"
    verbose_name = _("Whistle-blowing (吹哨报到)")

    def ready(self) -> None:
        from tongxin.cases.events import Phase, subscribe

        from .services import on_whistles

        # The calls are written with the whistle's event: one place, whatever the door.
        subscribe(on_whistles, phase=Phase.IN_TRANSACTION, actions={"whistle"})
