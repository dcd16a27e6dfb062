from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AreasConfig(AppConfig):
    name = "tongxin.areas"
    verbose_name = _("Responsibility areas and 110 linkage")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed

        from tongxin.cases.events import Phase, subscribe

        from .locator import INDEX
        from .models import ResponsibilityArea
        from .services import (
            SIGNING,
            escalate_along_chain,
            record_returns,
            record_routed,
            record_signed,
        )

        subscribe(record_returns, phase=Phase.IN_TRANSACTION, actions={"reject"})
        subscribe(record_signed, phase=Phase.IN_TRANSACTION, actions=SIGNING)
        subscribe(record_routed, phase=Phase.IN_TRANSACTION, actions={"dispatch", "reassign"})
        subscribe(escalate_along_chain, phase=Phase.IN_TRANSACTION,
                  actions={"warn_yellow", "warn_red"})
        # The covered categories are a many-to-many: saving the area alone does not say so.
        m2m_changed.connect(lambda **_kw: INDEX.clear(),
                            sender=ResponsibilityArea.categories.through, weak=False)
