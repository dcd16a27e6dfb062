"""Pages of the mediation centre: the dispute list (a mediator's queue, the cases'
jurisdiction filter, by status) and the dispute page with every step of a mediation —
assignment (suggested mediators), booking a room or a place on site, the session record and
the caucus note (the session's mediator only), the agreement (its PDF, signature scans,
judicial confirmation), the follow-up visit and the dossier PDF.

Every form posts to `tongxin.mediation.services`; a refusal comes back as a message on the
page with a 4xx status, never an error page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.accounts.access import has_permission, is_citizen_only
from tongxin.accounts.http import AuthenticatedHttpRequest
from tongxin.accounts.permissions import VIEW
from tongxin.cases.access import can_act
from tongxin.cases.workflow import IllegalTransition, Kind, Scope
from tongxin.core.errors import PermissionDenied, ValidationFailed

from . import circle, dossier, recusal, referral, selectors, windows
from . import services as m
from .models import (
    OPEN_DISPUTE,
    Agreement,
    Dispute,
    DisputeStatus,
    Judicial,
    Mediator,
    PartyRole,
    Performance,
    ReferralKind,
    Room,
    SessionKind,
    SignMethod,
)


def _staff(request: AuthenticatedHttpRequest) -> None:
    if not has_permission(request.user, VIEW) or is_citizen_only(request.user):
        raise DjangoPermissionDenied(_("Your roles do not include the mediation centre."))


def _dispute(request: AuthenticatedHttpRequest, pk: int) -> Dispute:
    try:
        return selectors.get_dispute(request.user, pk)
    except Dispute.DoesNotExist:
        raise Http404 from None


@login_required
def disputes(request: AuthenticatedHttpRequest):
    _staff(request)
    status = request.GET.get("status", "")
    if status not in DisputeStatus.values:
        status = ""
    qs = selectors.visible_disputes(request.user, status=status).order_by("-received_at")
    mine = request.GET.get("mine") == "1"
    if mine:
        qs = qs.filter(mediator__user=request.user)
    return render(request, "mediation/list.html", {
        "disputes": qs[:200], "status": status, "statuses": DisputeStatus.choices,
        "mine": mine, "is_mediator": Mediator.objects.filter(user=request.user).exists(),
        "active_page": "mediation"})


@login_required
def mediation_circle(request: AuthenticatedHttpRequest):
    """The 15分钟调解圈 map (tongxin.mediation.circle says how minutes are estimated)."""
    _staff(request)
    data = circle.circle()
    slow = sorted((f["properties"] for f in data["grids"] if not f["properties"]["within"]),
                  key=lambda g: -g["minutes"])
    return render(request, "mediation/circle.html", {
        "circle": data, "slow": slow, "active_page": "mediation"})


def _page(request: AuthenticatedHttpRequest, dispute: Dispute, status: int = 200):
    user = request.user
    case = dispute.case
    sessions = list(dispute.sessions.select_related("room", "mediator")
                    .prefetch_related("attended"))
    agreement = Agreement.objects.filter(pk=dispute.pk).first()
    signed = ({s.party_id: s for s in agreement.signatures.all()} if agreement else {})
    parties = selectors.parties_of(dispute)
    shown = [selectors.present_party(p, user) | {"signed": signed.get(p.pk)} for p in parties]
    acts = (can_act(user, m.MEDIATE, case, Scope.UNIT)
            and dispute.org.department_id == case.lead_department_id
            and case.kind != Kind.CLOSED)
    return render(request, "mediation/dispute.html", {
        "dispute": dispute, "case": case, "parties": shown,
        "sessions": [(s, selectors.caucus_notes(user, s), s.mediator.user_id == user.pk)
                     for s in sessions],
        "suggestions": selectors.suggest_mediators(dispute) if acts else [],
        "mediators": Mediator.objects.filter(org=dispute.org, active=True),
        "rooms": Room.objects.filter(org=dispute.org),
        "agreement": agreement, "follow_ups": list(dispute.follow_ups.all()),
        "missing": dossier.missing_papers(dispute), "acts": acts,
        "open": dispute.status in (DisputeStatus.RECEIVED, DisputeStatus.MEDIATING),
        "roles": PartyRole.choices, "session_kinds": SessionKind.choices,
        "performances": Performance.choices, "sign_methods": SignMethod.choices,
        "judicial_requested": agreement is not None and agreement.judicial == Judicial.REQUESTED,
        "referral_kinds": ReferralKind.choices, "referrals": list(
            dispute.referrals.select_related("department")),
        "referral_targets": selectors.referral_targets() if acts else [],
        "can_refer": acts and dispute.status in (*OPEN_DISPUTE, DisputeStatus.FAILED),
        "window": _window(agreement), "objections": list(
            dispute.objections.select_related("mediator", "party").order_by("raised_at")),
        "active_page": "mediation"}, status=status)


def _window(agreement: Agreement | None) -> dict | None:
    """The days left to ask a court for judicial confirmation (windows.py)."""
    closes = windows.closes_at(agreement) if agreement is not None else None
    if closes is None:
        return None
    left = (timezone.localdate(closes) - timezone.localdate()).days
    return {"closes": closes, "left": max(left, 0), "urgent": left <= windows.warn_days().days}


@login_required
def dispute(request: AuthenticatedHttpRequest, pk: int):
    _staff(request)
    return _page(request, _dispute(request, pk))


# ---------------------------------------------------------------- the forms


def _text(request, name: str) -> str:
    return (request.POST.get(name) or "").strip()


def _int(request, name: str) -> int:
    try:
        return int(request.POST.get(name) or "")
    except ValueError:
        raise ValidationFailed(_("Choose one from the list.")) from None


def _moment(request, name: str) -> datetime:
    try:
        value = datetime.fromisoformat(request.POST.get(name) or "")
    except ValueError:
        raise ValidationFailed(_("Give a date and a time.")) from None
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _day(request, name: str) -> date | None:
    raw = request.POST.get(name) or ""
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValidationFailed(_("Give a date.")) from None


def _mediator(dispute: Dispute, pk: int) -> Mediator:
    found = Mediator.objects.filter(org=dispute.org, pk=pk).first()
    if found is None:
        raise ValidationFailed(_("Choose an active mediator of the organisation."))
    return found


def _assign(request, d: Dispute, now: datetime) -> str:
    m.assign_mediator(case_id=d.pk, actor=request.user, at=now,
                      mediator=_mediator(d, _int(request, "mediator")))
    return _("The mediator is assigned.")


def _party(request, d: Dispute, now: datetime) -> str:
    m.add_party(case_id=d.pk, actor=request.user, role=_text(request, "role"),
                name=_text(request, "name"), phone=_text(request, "phone"), at=now)
    return _("The party is added.")


def _describe(request, d: Dispute, now: datetime) -> str:
    raw = _text(request, "amount")
    try:
        amount = Decimal(raw) if raw else None
    except InvalidOperation:
        raise ValidationFailed(_("The amount is a number of yuan.")) from None
    m.describe(case_id=d.pk, actor=request.user, at=now, facts=m.DisputeFacts(
        type=_text(request, "type"), complexity=_text(request, "complexity"),
        source=_text(request, "source"), facts=_text(request, "facts"), amount=amount))
    return _("The facts are saved.")


def _book(request, d: Dispute, now: datetime) -> str:
    room_id = _text(request, "room")
    room = Room.objects.filter(org=d.org, pk=int(room_id)).first() if room_id.isdigit() else None
    if room_id and room is None:
        raise ValidationFailed(_("Choose a room of the organisation."))
    kind = _text(request, "kind") or SessionKind.MEDIATION
    if kind not in SessionKind.values:
        raise ValidationFailed(_("Choose the kind of session."))
    m.book_session(case_id=d.pk, actor=request.user, at=now, booking=m.Booking(
        mediator=_mediator(d, _int(request, "mediator")), room=room,
        on_site=_text(request, "on_site"), starts_at=_moment(request, "starts_at"),
        ends_at=_moment(request, "ends_at"), kind=kind))
    return _("The session is booked.")


def _record(request, d: Dispute, now: datetime) -> str:
    attended = [int(p) for p in request.POST.getlist("attended") if p.isdigit()]
    m.record_session(case_id=d.pk, actor=request.user, session_id=_int(request, "session"),
                     record=_text(request, "record"), attended=attended, at=now)
    return _("The record of the session is saved.")


def _caucus(request, d: Dispute, now: datetime) -> str:
    m.caucus_note(case_id=d.pk, actor=request.user, session_id=_int(request, "session"),
                  text=_text(request, "text"), at=now)
    return _("The caucus note is saved.")


def _agreement(request, d: Dispute, now: datetime) -> str:
    m.draw_up_agreement(case_id=d.pk, actor=request.user, terms=_text(request, "terms"),
                        perform_by=_day(request, "perform_by"), at=now)
    return _("The agreement is drawn up.")


def _sign(request, d: Dispute, now: datetime) -> str:
    image = request.FILES.get("image")
    if image is None:
        raise ValidationFailed(_("A signature is an image (PNG or JPEG)."))
    m.sign(case_id=d.pk, actor=request.user, party_id=_int(request, "party"), image=image,
           method=_text(request, "method") or SignMethod.SCAN, at=now)
    return _("The signature is stored.")


def _judicial(request, d: Dispute, now: datetime) -> str:
    m.request_judicial_confirmation(case_id=d.pk, actor=request.user,
                                    court=_text(request, "court"), at=now)
    return _("Judicial confirmation is requested.")


def _decided(request, d: Dispute, now: datetime) -> str:
    m.judicial_decided(case_id=d.pk, actor=request.user,
                       confirmed=_text(request, "confirmed") == "1", at=now)
    return _("The court's decision is recorded.")


def _follow_up(request, d: Dispute, now: datetime) -> str:
    m.follow_up(case_id=d.pk, actor=request.user, performance=_text(request, "performance"),
                note=_text(request, "note"), at=now)
    return _("The follow-up visit is recorded.")


def _fail(request, d: Dispute, now: datetime) -> str:
    m.end_without_agreement(case_id=d.pk, actor=request.user, reason=_text(request, "reason"),
                            at=now)
    return _("The mediation is recorded as failed.")


def _objection(request, d: Dispute, now: datetime) -> str:
    party = _text(request, "party")
    recusal.raise_objection(case_id=d.pk, actor=request.user, reason=_text(request, "reason"),
                            party_id=int(party) if party.isdigit() else None, at=now)
    return _("The objection to the mediator is recorded.")


def _objection_decided(request, d: Dispute, now: datetime) -> str:
    uphold = _text(request, "uphold") == "1"
    recusal.decide_objection(case_id=d.pk, actor=request.user, uphold=uphold, at=now,
                             objection_id=_int(request, "objection"),
                             note=_text(request, "note"))
    return (_("The objection is upheld: assign another mediator.") if uphold
            else _("The objection is rejected."))


def _refer(request, d: Dispute, now: datetime) -> str:
    department = selectors.referral_targets().filter(pk=_int(request, "department")).first()
    if department is None:
        raise ValidationFailed(_("Choose the administrative body or court."))
    referral.refer(case_id=d.pk, actor=request.user, kind=_text(request, "kind"),
                   department=department, note=_text(request, "note"), at=now)
    return _("The dispute is referred with its dossier to %(department)s.") % {
        "department": department.name}


STEPS: dict[str, Callable[..., str]] = {
    "refer": _refer,
    "objection": _objection, "objection_decided": _objection_decided,
    "assign": _assign, "party": _party, "describe": _describe, "book": _book,
    "record": _record, "caucus": _caucus, "agreement": _agreement, "sign": _sign,
    "judicial": _judicial, "decided": _decided, "follow_up": _follow_up, "fail": _fail,
}


@login_required
@require_POST
def step(request: AuthenticatedHttpRequest, pk: int, name: str):
    _staff(request)
    if name not in STEPS:
        raise Http404
    d = _dispute(request, pk)
    try:
        done = STEPS[name](request, d, timezone.now())
    except Dispute.DoesNotExist:
        raise Http404 from None
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return _page(request, _dispute(request, pk), status=403)
    except ValidationFailed as exc:
        messages.error(request, str(exc))
        return _page(request, _dispute(request, pk), status=400)
    except IllegalTransition:
        messages.error(request, _("The case cannot be passed on in its present state."))
        return _page(request, _dispute(request, pk), status=409)
    messages.success(request, done)
    return redirect("mediation:dispute", pk=pk)


# ---------------------------------------------------------------- papers


def _pdf(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def agreement_pdf(request: AuthenticatedHttpRequest, pk: int):
    _staff(request)
    d = _dispute(request, pk)
    if not Agreement.objects.filter(pk=d.pk).exists():
        raise Http404
    return _pdf(dossier.agreement_pdf(d), f"agreement-{d.case.number}.pdf")


@login_required
def dossier_pdf(request: AuthenticatedHttpRequest, pk: int):
    _staff(request)
    d = _dispute(request, pk)
    return _pdf(dossier.dossier_pdf(d), f"dossier-{d.case.number}.pdf")
