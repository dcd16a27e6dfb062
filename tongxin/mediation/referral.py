"""三调联动: people's mediation (人民调解) hands a dispute on to administrative mediation (行政调解,
a government department) or judicial mediation (司法调解, a court), with its dossier.

One write under the case's lock: the organisation's staff checked (`locked_dispute`), the
dossier made from the record as it stands, the referral stored, and the case passed on by the
engine's own `pass_on` (the receiving body signs for it afresh, on its own time limits), the
dossier PDF attached to that step of the trail, where the receiving body finds it.
"""

from __future__ import annotations

from datetime import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.accounts.models import User
from tongxin.cases.services import ActionInput, act
from tongxin.core.errors import ValidationFailed
from tongxin.org.models import Department, DepartmentKind

from .dossier import dossier_pdf
from .models import OPEN_DISPUTE, DisputeStatus, Referral, ReferralKind
from .services import locked_dispute


def refer(*, case_id: int, actor: User, kind: str, department: Department, note: str,
          at: datetime) -> Referral:
    if kind not in ReferralKind.values:
        raise ValidationFailed(_("Choose administrative or judicial mediation."))
    if department.kind == DepartmentKind.MEDIATION:
        raise ValidationFailed(_("三调联动 goes to an administrative body or a court; pass the "
                                 "case to another mediation organisation with 转办."))
    if not note.strip():
        raise ValidationFailed(_("Say why the dispute goes on."))
    with transaction.atomic():
        case, dispute = locked_dispute(case_id, actor)
        if dispute.status not in (*OPEN_DISPUTE, DisputeStatus.FAILED):
            raise ValidationFailed(_("Only a dispute still being mediated, or one whose "
                                     "mediation failed, can be referred."))
        paper = SimpleUploadedFile(f"{case.number}-dossier.pdf", dossier_pdf(dispute),
                                   content_type="application/pdf")
        referral = Referral.objects.create(dispute=dispute, kind=kind, department=department,
                                           note=note.strip(), by=actor, at=at)
        label = ReferralKind(kind).label
        act(case_id=case.pk, actor=actor, action="pass_on", at=at, data=ActionInput(
            lead_department=department, attachments=[paper],
            note=_("三调联动: to %(kind)s, %(department)s. %(note)s") % {
                "kind": label, "department": department.name, "note": note.strip()}))
    return referral
