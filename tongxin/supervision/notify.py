"""Inbox messages about orders and referrals, written through the one inbox writer in the
transaction that makes the order or referral: they commit with it or not at all."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core.language import in_default_language
from tongxin.notifications import inbox

from .addressees import supervisors_over
from .bulk import notify_addressees
from .models import Referral, SupervisionOrder


def when(moment: datetime) -> str:
    # strftime, not django.utils.formats: this runs for every order of a large sweep.
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _opened(row: Mapping[str, Any]) -> tuple[str, dict]:
    if row["level"]:
        text = _("Escalated supervision order on case %(number)s: reply in writing by %(due)s")
    else:
        text = _("Supervision order on case %(number)s: reply in writing by %(due)s")
    return text, {"due": when(row["due_at"])}


@in_default_language
def orders_opened(order_ids: Sequence[int], *, now: datetime | None = None) -> int:
    """Every addressee of the new orders learns what to answer and by when."""
    return notify_addressees(order_ids, verb="supervise", template_for=_opened, now=now)


def _escalated(row: Mapping[str, Any]) -> tuple[str, dict]:
    return (
        _("Supervision order on case %(number)s was not answered in time and went to "
          "%(region)s"),
        {"region": row["escalated_to__name"] or row["escalation__chief__name"] or ""},
    )


@in_default_language
def orders_escalated(order_ids: Sequence[int], *, now: datetime | None = None) -> int:
    """The addressees of an unanswered order learn it went over their heads."""
    return notify_addressees(order_ids, verb="supervise_escalated", template_for=_escalated,
                             now=now)


@in_default_language
def order_replied(order_id: int, *, now: datetime) -> int:
    """Whoever issued the order hears the reply; for an automatic order, the supervisors of
    the case's area."""
    order = SupervisionOrder.objects.select_related(
        "case__district", "case__street", "case__community", "case__grid", "department"
    ).get(pk=order_id)
    users = [order.created_by_id] if order.created_by_id else supervisors_over(
        order.case.place.path
    )
    message = _("%(unit)s replied to the supervision order on case %(number)s") % {
        "unit": order.department, "number": order.case.number,
    }
    return inbox.to_users([u for u in users if u != order.replied_by_id],
                          case_id=order.case_id, verb="supervise_reply", message=message,
                          at=now)


@in_default_language
def referrals_made(referral_ids: Sequence[int], *, now: datetime,
                   skip_user: int | None = None) -> int:
    """Discipline inspection (the supervisors over the case or the unit) hears of each
    referral."""
    referrals = Referral.objects.filter(pk__in=referral_ids).select_related(
        "case__district", "case__street", "case__community", "case__grid", "department__region"
    )
    written = 0
    for referral in referrals:
        if referral.case is not None:
            place, subject = referral.case.place, referral.case.number
        elif referral.department is not None:
            place, subject = referral.department.region, str(referral.department)
        else:  # excluded by the referral_has_subject constraint
            continue
        message = _("Referred to discipline inspection: %(subject)s — %(problem)s") % {
            "subject": subject, "problem": referral.get_problem_type_display(),
        }
        written += inbox.to_users([u for u in supervisors_over(place.path) if u != skip_user],
                                  case_id=referral.case_id, verb="refer", message=message,
                                  at=now)
    return written
