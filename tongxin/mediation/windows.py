"""The window for judicial confirmation (司法确认): the parties must apply to a court within
30 days of the agreement taking effect (人民调解法 第三十三条). A signed agreement nobody has
asked a court to confirm warns its mediator once, `TONGXIN_JUDICIAL_WARN_DAYS` (default 5)
days before the window closes; the dispute page shows the date and the days left.

A worker job (tongxin.worker.jobs, `judicial_windows`): set-wise and idempotent, the
agreements it warns are marked in the same transaction as their inbox rows.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core.language import in_default_language
from tongxin.notifications.inbox import to_users

from .models import Agreement, Judicial

WINDOW = timedelta(days=30)


def warn_days() -> timedelta:
    return timedelta(days=getattr(settings, "TONGXIN_JUDICIAL_WARN_DAYS", 5))


def closes_at(agreement: Agreement) -> datetime | None:
    """When the window for asking a court closes; None unless signed and not asked yet."""
    if agreement.signed_at is None or agreement.judicial != Judicial.NONE:
        return None
    return agreement.signed_at + WINDOW


@in_default_language
def warn_closing(*, now: datetime | None = None) -> dict:
    now = now or timezone.now()
    with transaction.atomic():
        due = list(Agreement.objects.select_for_update(of=("self",)).filter(
            judicial=Judicial.NONE, judicial_warned_at__isnull=True,
            signed_at__lte=now - WINDOW + warn_days(), signed_at__gt=now - WINDOW,
        ).select_related("dispute__case", "dispute__mediator"))
        warned: list[int] = []
        for agreement in due:
            dispute, closes = agreement.dispute, closes_at(agreement)
            if dispute.mediator is None or closes is None:
                continue  # told once a mediator holds the dispute again
            warned.append(agreement.pk)
            closes = timezone.localtime(closes)
            to_users([dispute.mediator.user_id], case_id=dispute.case_id,
                     verb="mediation_judicial_window", at=now, message=_(
                         "Case %(number)s: the window to ask a court to confirm the "
                         "agreement closes on %(date)s.") % {
                         "number": dispute.case.number, "date": f"{closes:%Y-%m-%d}"})
        Agreement.objects.filter(pk__in=warned).update(judicial_warned_at=now)
    return {"warned": len(warned)}
