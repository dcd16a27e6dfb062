"""回避: a party's objection to the mediator, and its decision (人民调解法 第二十三条: the
parties may ask that a mediator step aside).

The same order as every mediation write (tongxin.mediation.services): the case row locked,
the actor checked as staff of the organisation leading the case, the record changed and an
event recorded on the case's trail. The mediator objected to cannot decide on the objection.
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tongxin.accounts.models import User
from tongxin.core.errors import PermissionDenied, ValidationFailed

from .models import DisputeStatus, Objection, Party, Session
from .services import locked_dispute, record_step, require_open


def raise_objection(*, case_id: int, actor: User, reason: str, at: datetime,
                    party_id: int | None = None) -> Objection:
    """Recorded by the organisation's staff for the party who raised it (in the room or on
    the phone). The mediator stays on the dispute until it is decided."""
    if not reason.strip():
        raise ValidationFailed(_("Say why the party objects to the mediator."))
    with transaction.atomic():
        case, dispute = locked_dispute(case_id, actor)
        require_open(dispute)
        if dispute.mediator is None:
            raise ValidationFailed(_("No mediator is assigned to object to."))
        party = None
        if party_id is not None:
            party = Party.objects.filter(pk=party_id, dispute=dispute).first()
            if party is None:
                raise ValidationFailed(_("Choose a party of this dispute."))
        try:
            with transaction.atomic():
                objection = Objection.objects.create(
                    dispute=dispute, mediator=dispute.mediator, party=party,
                    reason=reason.strip(), raised_by=actor, raised_at=at)
        except IntegrityError:
            raise ValidationFailed(_("An objection to this mediator is waiting for a "
                                     "decision already.")) from None
        record_step(case, actor, "mediation_objection", at, note=reason.strip(),
                data={"objection": objection.pk, "mediator": dispute.mediator.name})
    return objection


def decide_objection(*, case_id: int, actor: User, objection_id: int, uphold: bool,
                     at: datetime, note: str = "") -> Objection:
    """Upheld: the mediator leaves the dispute (it waits for another), their sessions in it
    still to come are cancelled. Rejected: nothing else changes."""
    with transaction.atomic():
        case, dispute = locked_dispute(case_id, actor)
        objection = (Objection.objects.select_related("mediator")
                     .filter(pk=objection_id, dispute=dispute, upheld__isnull=True).first())
        if objection is None:
            raise ValidationFailed(_("No objection of this dispute is waiting for a decision."))
        if objection.mediator.user_id == actor.pk:
            raise PermissionDenied(_("The mediator objected to cannot decide on the "
                                     "objection."))
        objection.upheld, objection.decided_by, objection.decided_at = uphold, actor, at
        objection.save(update_fields=["upheld", "decided_by", "decided_at"])
        cancelled = 0
        if uphold and dispute.mediator_id == objection.mediator_id:
            dispute.mediator, dispute.assigned_at = None, None
            dispute.status = DisputeStatus.RECEIVED
            dispute.save(update_fields=["mediator", "assigned_at", "status"])
            cancelled = Session.objects.filter(
                dispute=dispute, mediator=objection.mediator, cancelled=False,
                starts_at__gt=at).update(cancelled=True)
        record_step(case, actor, "mediation_objection_decided", at, note=note.strip(),
                data={"objection": objection.pk, "upheld": uphold,
                      "mediator": objection.mediator.name, "cancelled_sessions": cancelled})
    return objection
