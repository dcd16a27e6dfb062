"""The close hook: when a case reaches `closed`, store its handling time in working hours.

A signal on the append-only CaseEvent (written by cases.services in the same transaction as
the state change) keeps the case engine free of assessment code and still sees every close,
whatever path closed the case (verify_pass, answer, close_on_spot, merge)."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from tongxin.cases.models import CaseEvent, Status

from .timing import store_handling_time


@receiver(post_save, sender=CaseEvent, dispatch_uid="scoring.handling_time")
def case_closed(sender, instance: CaseEvent, created: bool, **kwargs) -> None:
    if created and instance.to_status == Status.CLOSED and instance.from_status != Status.CLOSED:
        store_handling_time(case_id=instance.case_id, at=instance.at)
