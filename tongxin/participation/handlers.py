"""有奖爆料: a citizen's report that the command center registers (立案) is a valid report
and earns points once. Rejected, merged (duplicate) and unregistered reports earn none."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from tongxin.cases.models import Case, CaseEvent

from .models import Reason
from .services import award


@receiver(post_save, sender=CaseEvent, dispatch_uid="participation.valid_report")
def case_registered(sender, instance: CaseEvent, created: bool, **kwargs) -> None:
    if not created or instance.action != "register":
        return
    row = Case.objects.filter(pk=instance.case_id).values("reporter_user_id", "number").get()
    if row["reporter_user_id"]:
        award(user_id=row["reporter_user_id"], reason=Reason.VALID_REPORT,
              key=f"report:{instance.case_id}", at=instance.at, case_id=instance.case_id,
              note=row["number"])
