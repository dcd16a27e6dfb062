from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    name = "tongxin.mediation"
    verbose_name = _("Mediation centre")

    def ready(self) -> None:
        from tongxin.cases.events import Phase, require, subscribe

        from .dossier import refuse_closing_without_papers
        from .services import on_transfers

        # The dispute record is written with the transfer's event (and marked when the
        # organisation hands the case back or passes it on): one place, whatever the door.
        subscribe(on_transfers, phase=Phase.IN_TRANSACTION,
                  actions={"transfer_to_mediation", "hand_back", "pass_on"},
                  reads=("lead_department",))
        require(refuse_closing_without_papers, actions={"reply", "verify_pass"},
                reads=("lead_department",))
