from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmergencyConfig(AppConfig):
    name = "tongxin.emergency"
    verbose_name = _("Emergency command")

    def ready(self) -> None:
        from tongxin.cases.events import Phase, subscribe

        from .services import on_plan_started, open_started_tasks
        from .triggers import tell_command_centre

        # The incident is written with the start_plan event (one read, one insert: the action
        # stays within the engine's handful of statements); its steps' task cases are opened
        # once that has committed (and by the worker's emergency_tasks job if the process
        # died in between).
        subscribe(on_plan_started, phase=Phase.IN_TRANSACTION, actions={"start_plan"})
        subscribe(open_started_tasks, phase=Phase.AFTER_COMMIT, actions={"start_plan"})
        # A registered or dispatched case that meets a plan's trigger is proposed to its
        # command centre (the category is the case's once dispatched).
        subscribe(tell_command_centre, phase=Phase.AFTER_COMMIT, actions={"register", "dispatch"})
