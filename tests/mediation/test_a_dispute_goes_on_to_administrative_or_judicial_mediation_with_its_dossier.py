"""三调联动: a dispute the committee cannot settle goes on to administrative or judicial
mediation. The case is passed on by the engine (same number, the receiving body's queue),
its dossier PDF attached to that step of the trail, and the referral recorded; a mediation
organisation is no target (that is 转办), and a reason is required."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tongxin.cases.models import Case, CaseEvent
from tongxin.core.errors import ValidationFailed
from tongxin.mediation.models import Dispute, DisputeStatus, Referral
from tongxin.mediation.referral import refer
from tongxin.mediation.services import end_without_agreement

from .flow import dispute_case


def test_a_failed_mediation_goes_to_judicial_mediation_with_its_dossier(world, centre):
    case = dispute_case(world, centre, at=timezone.now())
    li, court = centre.user("med_li"), world.departments["zj"]
    end_without_agreement(case_id=case.pk, actor=li, reason="双方分歧过大", at=timezone.now())
    refer(case_id=case.pk, actor=li, kind="judicial", department=court,
          note="当事人同意诉前调解", at=timezone.now())

    moved = Case.objects.get(pk=case.pk)
    assert moved.number == case.number and moved.lead_department_id == court.pk
    (referral,) = Referral.objects.all()
    assert (referral.kind, referral.department_id) == ("judicial", court.pk)
    assert Dispute.objects.get(pk=case.pk).status == DisputeStatus.PASSED_ON
    step = CaseEvent.objects.filter(case=case, action="pass_on").get()
    assert "三调联动" in step.note and "当事人同意诉前调解" in step.note
    (paper,) = step.attachments.all()
    assert paper.content_type == "application/pdf"
    with paper.file.open("rb") as handle:
        outline = [item.title for item in PdfReader(io.BytesIO(handle.read())).outline]
    assert outline[:2] == ["申请书", "受理登记表"]


def test_a_mediation_organisation_is_no_target_and_a_reason_is_required(world, centre):
    case = dispute_case(world, centre, at=timezone.now())
    li = centre.user("med_li")
    with pytest.raises(ValidationFailed):
        refer(case_id=case.pk, actor=li, kind="judicial", at=timezone.now(),
              department=centre.district.department, note="提级")
    with pytest.raises(ValidationFailed):
        refer(case_id=case.pk, actor=li, kind="administrative", at=timezone.now(),
              department=world.departments["zj"], note=" ")
    assert not Referral.objects.exists()
    assert Case.objects.get(pk=case.pk).lead_department_id == centre.committee.department_id


def test_the_dispute_page_refers_the_dispute(world, centre):
    from .test_the_dispute_pages_take_a_mediation_from_assignment_to_the_dossier import (
        client_of,
        post,
    )

    case = dispute_case(world, centre, at=timezone.now())
    li = client_of(centre.user("med_li"))
    page = li.get(f"/mediation/{case.pk}/").content.decode()
    assert 'data-step="refer"' in page and "区住建局" in page
    assert post(li, case, "refer", kind="administrative", note="属行政调解范围",
                department=centre.district.department.pk).status_code == 400
    assert post(li, case, "refer", kind="administrative", note="属行政调解范围",
                department=world.departments["zj"].pk).status_code == 302
    assert Referral.objects.get().kind == "administrative"
