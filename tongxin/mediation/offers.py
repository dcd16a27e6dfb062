"""110 与调解: a dispute the police hand over is offered to the mediation centre.

A 110 transfer whose text reads as a dispute (the same words that pre-fill a dispute's
type) is offered to the mediation organisation of its place — its community's committee,
else its street's, else the district centre. Its staff are told at once; the command centre
sees the offer on the case page, with 转调解 proposed and that organisation pre-selected. The
transfer itself stays a decision of the command centre (`transfer_to_mediation`), since a
110 report may also need a department's action.
"""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _

from tongxin.accounts.models import Membership, Role
from tongxin.cases.models import Case, Channel
from tongxin.notifications.inbox import to_users
from tongxin.org.models import Department

from .models import Dispute, DisputeType
from .selectors import suggested_organisation
from .services import guess_type


def dispute_type(case: Case) -> str:
    """The dispute type a 110 case reads as; "" when it is none, or it is a dispute already."""
    if case.channel != Channel.POLICE:
        return ""
    kind = guess_type(f"{case.title}\n{case.description}")
    return "" if kind == DisputeType.OTHER else kind


def offered_to(case: Case) -> Department | None:
    if not dispute_type(case) or Dispute.objects.filter(pk=case.pk).exists():
        return None
    return suggested_organisation(case)


def offer(case: Case, *, at: datetime) -> Department | None:
    """Tell the organisation's staff of the offer (one inbox row each); None if no offer."""
    org = offered_to(case)
    if org is None:
        return None
    staff = list(Membership.objects.filter(department=org, role=Role.HANDLER)
                 .values_list("user_id", flat=True))
    to_users(staff, case_id=case.pk, verb="mediation_offer", at=at, message=_(
        "110 transfer %(number)s reads as a dispute (%(type)s): the command centre may pass "
        "it to your organisation.") % {"number": case.number,
                                       "type": DisputeType(dispute_type(case)).label})
    return org
