"""Retention (个人信息保护法 第19条): reporters' personal data is anonymised a configurable time
after the case closed. The case, its trail and its statistics stay; the person goes."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tongxin.cases.models import CLOSED_STATUSES, Case
from tongxin.outbound.models import Delivery, Kind
from tongxin.security import audit
from tongxin.security.models import Category

ANONYMISED = {"reporter_name": "", "reporter_phone": "", "reporter_phone_hash": "",
              "reporter_id_number": "", "reporter_email": "", "address": ""}


def due_cases(now=None):
    days = settings.TONGXIN_PERSONAL_RETENTION_DAYS
    if not days:
        return Case.objects.none()
    cutoff = (now or timezone.now()) - timedelta(days=days)
    return Case.objects.filter(status__in=CLOSED_STATUSES, closed_at__lt=cutoff).exclude(
        reporter_name="", reporter_phone_hash="", reporter_email="",
        reporter_id_number="", address="",
    )


def anonymise_expired(now=None, batch: int = 500) -> int:
    """Blank the personal fields of cases closed before the retention period; one audit row
    per run names how many cases were anonymised."""
    pks = list(due_cases(now).values_list("pk", flat=True))
    for start in range(0, len(pks), batch):
        with transaction.atomic():
            chunk = pks[start:start + batch]
            Case.objects.filter(pk__in=chunk).update(reporter_user=None, **ANONYMISED)
            # The SMS and e-mail delivery log names the reporter's number and address too.
            Delivery.objects.filter(case_id__in=chunk, kind__in=[Kind.SMS, Kind.EMAIL]).update(
                target="")
    if pks:
        audit.record(category=Category.SECURITY, action="anonymise_expired",
                     actor_name="system",
                     detail={"cases": len(pks),
                             "days": settings.TONGXIN_PERSONAL_RETENTION_DAYS})
    return len(pks)
