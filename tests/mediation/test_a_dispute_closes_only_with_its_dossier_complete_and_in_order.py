"""The whole mediation of a noise dispute on one case number: mediator assigned, room booked,
session recorded, agreement drawn up and signed by both parties, follow-up visit; the case
cannot be reported done (nor closed) while a paper of the dossier is missing, and the
dossier PDF holds the papers in the official order (read back with pypdf). A caucus note is
the session mediator's alone."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader

from tests.cases.loop import act, local
from tongxin.cases.workflow import State
from tongxin.core.errors import PermissionDenied, ValidationFailed
from tongxin.mediation import dossier, selectors
from tongxin.mediation import services as m
from tongxin.mediation.models import Dispute, DisputeStatus, PartyRole

from .flow import dispute_case

T0 = local(2026, 9, 21, 10)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def signature_png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (200, 80), "white").save(buffer, "PNG")
    return SimpleUploadedFile("sign.png", buffer.getvalue(), content_type="image/png")


def headings(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return [item.title for item in reader.outline]


def test_the_mediation_of_a_noise_dispute_from_transfer_to_closing(world, centre):
    case = dispute_case(world, centre, at=T0)
    number, med = case.number, centre.user("med_li")
    with pytest.raises(ValidationFailed, match="dossier is incomplete"):
        act(world, case, "reply", "med_li", note="调解成功")

    m.assign_mediator(case_id=case.pk, actor=med, mediator=centre.mediators["med_li"], at=T0)
    respondent = m.add_party(case_id=case.pk, actor=med, role=PartyRole.RESPONDENT,
                             name="李四", phone="13900002222", at=T0)
    session = m.book_session(case_id=case.pk, actor=med, at=T0, booking=m.Booking(
        mediator=centre.mediators["med_li"], room=centre.rooms["r1"],
        starts_at=local(2026, 9, 22, 9), ends_at=local(2026, 9, 22, 10)))
    dispute = Dispute.objects.get(pk=case.pk)
    parties = [p.pk for p in dispute.parties.all()]
    m.record_session(case_id=case.pk, actor=med, session_id=session.pk, attended=parties,
                     record="双方到场。李四同意晚十点后不再拖动家具并加装脚垫。",
                     at=local(2026, 9, 22, 10))
    m.caucus_note(case_id=case.pk, actor=med, session_id=session.pk,
                  text="张三私下表示可以不要求赔偿", at=local(2026, 9, 22, 10))
    assert [n.text for n in selectors.caucus_notes(med, session)] == ["张三私下表示可以不要求赔偿"]
    assert selectors.caucus_notes(centre.user("med_wang"), session) == []
    with pytest.raises(PermissionDenied):
        m.caucus_note(case_id=case.pk, actor=centre.user("med_wang"), session_id=session.pk,
                      text="旁听", at=T0)

    m.draw_up_agreement(case_id=case.pk, actor=med, perform_by=None, at=local(2026, 9, 22, 11),
                        terms="一、李四每晚22:00后不拖动家具；二、李四十日内为桌椅加装脚垫。")
    with pytest.raises(ValidationFailed):  # agreed needs both signatures, then a visit
        act(world, case, "reply", "med_li", note="调解成功")
    for party in parties:
        m.sign(case_id=case.pk, actor=med, party_id=party, image=signature_png(),
               method="tablet", at=local(2026, 9, 22, 11))
    assert Dispute.objects.get(pk=case.pk).status == DisputeStatus.AGREED
    assert headings(dossier.agreement_pdf(Dispute.objects.get(pk=case.pk))) == ["调解协议书"]
    with pytest.raises(ValidationFailed, match="回访记录"):
        act(world, case, "reply", "med_li", note="调解成功")
    m.follow_up(case_id=case.pk, actor=med, performance="full", note="已加装脚垫，无噪音",
                at=local(2026, 10, 8, 10))

    act(world, case, "reply", "med_li", note="调解成功，协议已履行", at=local(2026, 10, 8, 11))
    act(world, case, "verify_pass", "street_a", at=local(2026, 10, 8, 12))
    case.refresh_from_db()
    assert case.number == number and case.status == State.CLOSED
    trail = list(case.events.order_by("id").values_list("action", flat=True))
    assert trail == [
        "report", "transfer_to_mediation", "accept", "mediation_assign", "mediation_party",
        "mediation_book", "mediation_record", "mediation_caucus", "mediation_agreement",
        "mediation_sign", "mediation_sign", "mediation_follow_up", "reply", "verify_pass"]
    # The trail says a caucus note was taken, never what it says.
    assert "赔偿" not in str(case.events.get(action="mediation_caucus").data)

    pdf = dossier.dossier_pdf(Dispute.objects.get(pk=case.pk))
    assert headings(pdf) == ["申请书", "受理登记表", "调解笔录", "调解协议书", "回访记录"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert number in text and "脚垫" in text and respondent.name in text


def test_a_failed_mediation_needs_no_agreement(world, centre):
    case = dispute_case(world, centre, at=T0)
    med = centre.user("med_li")
    m.assign_mediator(case_id=case.pk, actor=med, mediator=centre.mediators["med_li"], at=T0)
    session = m.book_session(case_id=case.pk, actor=med, at=T0, booking=m.Booking(
        mediator=centre.mediators["med_li"], on_site="张三家中",
        starts_at=local(2026, 9, 22, 9), ends_at=local(2026, 9, 22, 10)))
    m.record_session(case_id=case.pk, actor=med, session_id=session.pk, attended=[],
                     record="被申请人拒不到场。", at=local(2026, 9, 22, 10))
    m.end_without_agreement(case_id=case.pk, actor=med, reason="被申请人拒绝调解",
                            at=local(2026, 9, 22, 10))
    act(world, case, "reply", "med_li", note="调解不成，已告知诉讼途径")
    pdf = dossier.dossier_pdf(Dispute.objects.get(pk=case.pk))
    assert headings(pdf) == ["申请书", "受理登记表", "调解笔录"]
