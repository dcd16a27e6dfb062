"""Writes of the mediation centre. Each one locks the dispute's case row (the engine's order:
the case first, then a mediator, then a room), checks that the actor is staff of the
organisation leading the case, changes the mediation record and records an event on the case's
trail through the bus (tongxin.cases.events), so every step of a mediation is in the audit
trail of the same case number.

The dispute record itself is written by a bus subscriber of the engine's
`transfer_to_mediation` (and marked on `hand_back` / `pass_on`): whoever moved the case.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.accounts.models import User
from tongxin.cases import events
from tongxin.cases.access import can_act, sees
from tongxin.cases.events import Recorded
from tongxin.cases.models import Case, Channel
from tongxin.cases.workflow import Kind, Scope
from tongxin.core.errors import PermissionDenied, ValidationFailed
from tongxin.org.models import DepartmentKind

from .lookups import org_of
from .models import (
    OPEN_DISPUTE,
    Agreement,
    CaucusNote,
    Complexity,
    Dispute,
    DisputeStatus,
    DisputeType,
    FollowUp,
    Judicial,
    Mediator,
    Objection,
    Party,
    PartyRole,
    Performance,
    Room,
    Session,
    SessionKind,
    Signature,
    SignMethod,
    Source,
)

# The staff of the organisation that leads the case: its handlers (mediators among them).
MEDIATE = "cases.reply"

# Words that say what kind of dispute a transferred report is (the mediator corrects it).
TYPE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (DisputeType.LABOUR, ("工资", "欠薪", "讨薪", "劳务", "工钱")),
    (DisputeType.PROPERTY, ("物业", "物业费", "业委会")),
    (DisputeType.FAMILY, ("离婚", "赡养", "抚养", "婚姻", "家暴", "继承")),
    (DisputeType.MEDICAL, ("医院", "医疗", "手术", "医生")),
    (DisputeType.TRAFFIC, ("车祸", "交通事故", "剐蹭", "追尾")),
    (DisputeType.LAND, ("宅基地", "土地", "承包地", "地界")),
    (DisputeType.CONSUMER, ("退款", "商家", "消费", "退货")),
    (DisputeType.NEIGHBOUR, ("邻居", "楼上", "楼下", "噪音", "漏水", "占道", "吵")),
)


def guess_type(text: str) -> str:
    for kind, words in TYPE_WORDS:
        if any(w in text for w in words):
            return kind
    return DisputeType.OTHER


# ---------------------------------------------------------------- the bus subscriber


def on_transfers(items: Sequence[Recorded]) -> None:
    """transfer_to_mediation: the dispute record with its facts, type and source pre-filled
    from the case, in one statement (an upsert: a case transferred again after it was handed
    back keeps its record and parties); hand_back / pass_on: where the case went. The
    applicant (the caller) is taken from the case by the first write of the organisation
    (`locked_dispute`), so the transfer stays within the engine's handful of statements."""
    for item in items:
        case, event = item.case, item.event
        lead = case.lead_department  # joined by the engine's lock (reads=)
        if event.action == "transfer_to_mediation":
            _received(case, event.at, event.note)
        elif event.action == "hand_back":
            Dispute.objects.filter(pk=case.pk).update(status=DisputeStatus.HANDED_BACK,
                                                      resolved_at=event.at, mediator=None)
        elif lead is not None and lead.kind == DepartmentKind.MEDIATION:  # a level up
            Dispute.objects.filter(pk=case.pk).update(
                org_id=org_of(lead.pk), status=DisputeStatus.RECEIVED, mediator=None,
                assigned_at=None)
        else:
            Dispute.objects.filter(pk=case.pk).update(status=DisputeStatus.PASSED_ON,
                                                      resolved_at=event.at)


def _received(case: Case, at: datetime, note: str) -> None:
    facts = "\n".join(t for t in (case.title, case.description, note) if t.strip())
    source = Source.POLICE if case.channel == Channel.POLICE else Source.TRANSFER
    Dispute.objects.bulk_create(
        [Dispute(case=case, org_id=org_of(case.lead_department_id), source=source,
                 facts=facts, type=guess_type(facts), received_at=at)],
        update_conflicts=True, unique_fields=["case"],
        update_fields=["org", "status", "mediator", "assigned_at", "resolved_at",
                       "received_at"])


def _prefill_applicant(case: Case, dispute: Dispute) -> None:
    if not dispute.parties.exists():
        Party.objects.create(dispute=dispute, role=PartyRole.APPLICANT,
                             name=case.reporter_name or _("Caller"), phone=case.reporter_phone)


# ---------------------------------------------------------------- locking and recording


def locked_dispute(case_id: int, actor: User) -> tuple[Case, Dispute]:
    """The case row locked, then its dispute: Dispute.DoesNotExist when the actor may not
    see the case or it is no dispute; PermissionDenied unless the actor is staff of the
    organisation leading it."""
    case = (Case.objects.select_for_update(of=("self",)).select_related("lead_department")
            .filter(pk=case_id).first())
    if case is None or not sees(actor, case):
        raise Dispute.DoesNotExist
    dispute = Dispute.objects.select_related("org", "mediator").filter(pk=case.pk).first()
    if dispute is None:
        raise Dispute.DoesNotExist
    if not can_act(actor, MEDIATE, case, Scope.UNIT) or dispute.org.department_id != (
            case.lead_department_id):
        raise PermissionDenied(_("Only the mediation organisation handling the case may do "
                                 "this."))
    if case.kind == Kind.CLOSED:
        raise ValidationFailed(_("The case is closed."))
    _prefill_applicant(case, dispute)
    return case, dispute


def record_step(case: Case, actor: User, action: str, at: datetime, note: str = "",
            data: dict | None = None) -> None:
    events.record(case, events.new_event(case, action=action, actor=actor, at=at, note=note,
                                         data=data))


def require_open(dispute: Dispute) -> None:
    if dispute.status not in OPEN_DISPUTE:
        raise ValidationFailed(_("The mediation has ended."))


# ---------------------------------------------------------------- the record


@dataclass(frozen=True)
class DisputeFacts:
    type: str
    complexity: str
    source: str
    facts: str
    amount: Decimal | None = None


def describe(*, case_id: int, actor: User, facts: DisputeFacts, at: datetime) -> Dispute:
    """Type, complexity (which decides the level), source, facts and amount at stake."""
    if facts.type not in DisputeType.values or facts.complexity not in Complexity.values or (
            facts.source not in Source.values):
        raise ValidationFailed(_("Choose a type, a complexity and a source."))
    if facts.amount is not None and facts.amount < 0:
        raise ValidationFailed(_("The amount at stake cannot be negative."))
    with transaction.atomic():
        case, dispute = locked_dispute(case_id, actor)
        dispute.type, dispute.complexity, dispute.source = (facts.type, facts.complexity,
                                                            facts.source)
        dispute.facts, dispute.amount = facts.facts.strip(), facts.amount
        dispute.save(update_fields=["type", "complexity", "source", "facts", "amount"])
        record_step(case, actor, "mediation_describe", at,
                data={"type": facts.type, "complexity": facts.complexity,
                      "level": dispute.level})
    return dispute


def add_party(*, case_id: int, actor: User, role: str, name: str, phone: str = "",
              person_id: int | None = None, at: datetime) -> Party:
    if role not in PartyRole.values or not name.strip():
        raise ValidationFailed(_("A party needs a role and a name."))
    with transaction.atomic():
        case, dispute = locked_dispute(case_id, actor)
        party = Party.objects.create(dispute=dispute, role=role, name=name.strip(),
                                     phone=phone.strip(), person_id=person_id)
        record_step(case, actor, "mediation_party", at, data={"role": role, "party": party.pk})
    return party


def assign_mediator(*, case_id: int, actor: User, mediator: Mediator, at: datetime) -> Dispute:
    with transaction.atomic():
        case, dispute = locked_dispute(case_id, actor)
        require_open(dispute)
        if mediator.org_id != dispute.org_id or not mediator.active:
            raise ValidationFailed(_("Choose an active mediator of the organisation."))
        if Objection.objects.filter(dispute=dispute, mediator=mediator, upheld=True).exists():
            raise ValidationFailed(_("A party's objection to this mediator was upheld; choose "
                                     "another."))
        dispute.mediator, dispute.assigned_at = mediator, at
        dispute.status = DisputeStatus.MEDIATING
        dispute.save(update_fields=["mediator", "assigned_at", "status"])
        record_step(case, actor, "mediation_assign", at, data={"mediator": mediator.name})
    return dispute


@dataclass(frozen=True)
class Booking:
    mediator: Mediator
    starts_at: datetime
    ends_at: datetime
    room: Room | None = None
    on_site: str = ""
    kind: str = SessionKind.MEDIATION


def book_session(*, case_id: int, actor: User, booking: Booking, at: datetime) -> Session:
    """A session in a room of the organisation (or on site). Neither the room nor the
    mediator is booked twice for overlapping times: their rows are locked (mediator, then
    room) before the calendar is read, so of two requests at once the second waits and then
    sees the first."""
    b = booking
    if b.ends_at <= b.starts_at:
        raise ValidationFailed(_("A session ends after it starts."))
    if (b.room is None) == (not b.on_site.strip()):
        raise ValidationFailed(_("Book a room or give the place on site, not both."))
    with transaction.atomic():
        case, dispute = locked_dispute(case_id, actor)
        require_open(dispute)
        mediator = Mediator.objects.select_for_update().get(pk=b.mediator.pk)
        if mediator.org_id != dispute.org_id or not mediator.active:
            raise ValidationFailed(_("Choose an active mediator of the organisation."))
        busy = Session.objects.filter(cancelled=False, starts_at__lt=b.ends_at,
                                      ends_at__gt=b.starts_at)
        if busy.filter(mediator=mediator).exists():
            raise ValidationFailed(_("The mediator is already booked at that time."))
        room = None
        if b.room is not None:
            room = Room.objects.select_for_update().get(pk=b.room.pk)
            if room.org_id != dispute.org_id:
                raise ValidationFailed(_("Choose a room of the organisation."))
            if busy.filter(room=room).exists():
                raise ValidationFailed(_("The room is already booked at that time."))
        session = Session.objects.create(dispute=dispute, kind=b.kind, mediator=mediator,
                                         room=room, on_site=b.on_site.strip(),
                                         starts_at=b.starts_at, ends_at=b.ends_at)
        record_step(case, actor, "mediation_book", at, data={
            "session": session.pk, "room": room.name if room else "", "on_site": b.on_site,
            "mediator": mediator.name, "starts_at": b.starts_at.isoformat(),
            "ends_at": b.ends_at.isoformat()})
    return session


def record_session(*, case_id: int, actor: User, session_id: int, record: str,
                   attended: Sequence[int], at: datetime) -> Session:
    """The session's record (调查笔录 / 调解笔录) and who came."""
    if not record.strip():
        raise ValidationFailed(_("Write the record of the session."))
    with transaction.atomic():
        case, dispute = locked_dispute(case_id, actor)
        session = Session.objects.filter(dispute=dispute, pk=session_id,
                                         cancelled=False).first()
        if session is None:
            raise ValidationFailed(_("No such session of this dispute."))
        parties = list(dispute.parties.filter(pk__in=list(attended)))
        session.record, session.recorded_at = record.strip(), at
        session.save(update_fields=["record", "recorded_at"])
        session.attended.set(parties)
        record_step(case, actor, "mediation_record", at,
                data={"session": session.pk, "kind": session.kind,
                      "attended": [p.pk for p in parties]})
    return session


def caucus_note(*, case_id: int, actor: User, session_id: int, text: str,
                party_id: int | None = None, at: datetime) -> CaucusNote:
    """背靠背: written and read by the session's mediator alone. The trail says a note was
    taken, never what it says."""
    if not text.strip():
        raise ValidationFailed(_("Write the note."))
    with transaction.atomic():
        case, dispute = locked_dispute(case_id, actor)
        session = Session.objects.select_related("mediator").filter(
            dispute=dispute, pk=session_id).first()
        if session is None or session.mediator.user_id != actor.pk:
            raise PermissionDenied(_("Only the session's mediator keeps its caucus notes."))
        note = CaucusNote.objects.create(session=session, text=text.strip(), written_by=actor,
                                         party_id=party_id, at=at)
        record_step(case, actor, "mediation_caucus", at, data={"session": session.pk})
    return note


def end_without_agreement(*, case_id: int, actor: User, reason: str, at: datetime) -> Dispute:
    """调解不成: the mediation ends; the parties are told of other ways (litigation, 仲裁)."""
    if not reason.strip():
        raise ValidationFailed(_("Say why the mediation failed."))
    with transaction.atomic():
        case, dispute = locked_dispute(case_id, actor)
        require_open(dispute)
        dispute.status, dispute.resolved_at = DisputeStatus.FAILED, at
        dispute.save(update_fields=["status", "resolved_at"])
        record_step(case, actor, "mediation_failed", at, note=reason.strip())
    return dispute


# ---------------------------------------------------------------- the agreement


def draw_up_agreement(*, case_id: int, actor: User, terms: str, perform_by: date | None,
                      at: datetime) -> Agreement:
    """调解协议书 from the template (tongxin.mediation.papers), its terms written by the
    mediator; drawing it again before anyone signed replaces the terms."""
    if not terms.strip():
        raise ValidationFailed(_("Write the terms the parties agreed."))
    with transaction.atomic():
        case, dispute = locked_dispute(case_id, actor)
        require_open(dispute)
        existing = Agreement.objects.filter(pk=dispute.pk).first()
        if existing is not None and existing.signatures.exists():
            raise ValidationFailed(_("The agreement has been signed; it cannot be changed."))
        agreement, _created = Agreement.objects.update_or_create(
            dispute=dispute, defaults={"text": terms.strip(), "perform_by": perform_by,
                                       "created_at": at})
        record_step(case, actor, "mediation_agreement", at,
                data={"perform_by": perform_by.isoformat() if perform_by else None})
    return agreement


def sign(*, case_id: int, actor: User, party_id: int, image: UploadedFile, method: str,
         at: datetime) -> Signature:
    """One party's signature, drawn on the tablet or an uploaded scan (an image). When
    every party has signed, the agreement is in force and the dispute counts as agreed."""
    if method not in SignMethod.values:
        raise ValidationFailed(_("Choose how the party signed."))
    if not (getattr(image, "content_type", "") or "").startswith("image/"):
        raise ValidationFailed(_("A signature is an image (PNG or JPEG)."))
    with transaction.atomic():
        case, dispute = locked_dispute(case_id, actor)
        require_open(dispute)
        agreement = Agreement.objects.filter(pk=dispute.pk).first()
        party = dispute.parties.filter(pk=party_id).first()
        if agreement is None or party is None:
            raise ValidationFailed(_("Draw up the agreement first, then each party signs."))
        if agreement.signatures.filter(party=party).exists():
            raise ValidationFailed(_("This party has signed already."))
        signature = Signature.objects.create(agreement=agreement, party=party, method=method,
                                             image=image, at=at)
        unsigned = dispute.parties.exclude(signatures__agreement=agreement).exists()
        if not unsigned:
            agreement.signed_at = at
            agreement.save(update_fields=["signed_at"])
            dispute.status, dispute.resolved_at = DisputeStatus.AGREED, at
            dispute.save(update_fields=["status", "resolved_at"])
        record_step(case, actor, "mediation_sign", at,
                data={"party": party.pk, "role": party.role, "method": method,
                      "complete": not unsigned})
    return signature


def request_judicial_confirmation(*, case_id: int, actor: User, court: str,
                                  at: datetime) -> Agreement:
    """司法确认: requested of a court within 30 days of the agreement taking effect
    (人民调解法 第三十三条)."""
    with transaction.atomic():
        case, dispute = locked_dispute(case_id, actor)
        agreement = Agreement.objects.filter(pk=dispute.pk, signed_at__isnull=False).first()
        if agreement is None:
            raise ValidationFailed(_("Only a signed agreement can be confirmed by a court."))
        if agreement.judicial != Judicial.NONE:
            raise ValidationFailed(_("Judicial confirmation has been requested already."))
        agreement.judicial, agreement.judicial_court = Judicial.REQUESTED, court.strip()
        agreement.judicial_requested_at = at
        agreement.save(update_fields=["judicial", "judicial_court", "judicial_requested_at"])
        record_step(case, actor, "mediation_judicial", at, data={"court": court.strip(),
                                                             "judicial": Judicial.REQUESTED})
    return agreement


def judicial_decided(*, case_id: int, actor: User, confirmed: bool, at: datetime) -> Agreement:
    with transaction.atomic():
        case, dispute = locked_dispute(case_id, actor)
        agreement = Agreement.objects.filter(pk=dispute.pk, judicial=Judicial.REQUESTED).first()
        if agreement is None:
            raise ValidationFailed(_("No judicial confirmation is waiting."))
        agreement.judicial = Judicial.CONFIRMED if confirmed else Judicial.REFUSED
        agreement.judicial_decided_at = at
        agreement.save(update_fields=["judicial", "judicial_decided_at"])
        record_step(case, actor, "mediation_judicial", at, data={"judicial": agreement.judicial})
    return agreement


def follow_up(*, case_id: int, actor: User, performance: str, note: str,
              at: datetime) -> FollowUp:
    """履行回访 on a signed agreement."""
    if performance not in Performance.values:
        raise ValidationFailed(_("Say whether the agreement is performed."))
    with transaction.atomic():
        case, dispute = locked_dispute(case_id, actor)
        if dispute.status != DisputeStatus.AGREED:
            raise ValidationFailed(_("A follow-up visit checks a signed agreement."))
        visit = FollowUp.objects.create(dispute=dispute, performance=performance,
                                        note=note.strip(), by=actor, at=at)
        record_step(case, actor, "mediation_follow_up", at, note=note.strip(),
                data={"performance": performance})
    return visit
