"""Writes of the 110 linkage: a transfer becomes one case (through the intake door), a return
to 110 is recorded from the engine's own reject, a patrol unit posts where it is."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.accounts.access import has_permission
from tongxin.accounts.models import User
from tongxin.accounts.permissions import CREATE
from tongxin.cases.events import Recorded
from tongxin.cases.models import Case, CaseEvent, Channel, Status
from tongxin.cases.services import ActionInput, NewCase, system_act
from tongxin.core.errors import PermissionDenied, ValidationFailed
from tongxin.core.language import in_default_language
from tongxin.intake import idempotency
from tongxin.intake.models import ApiToken
from tongxin.intake.services import submit_case
from tongxin.mediation.offers import offer as offer_to_mediation
from tongxin.notifications import inbox
from tongxin.org.models import Category

from .locator import areas_at
from .models import Chief, PoliceCategory, PoliceTransfer, PoliceUnit, RoutedCase, UnitStatus
from .routing import best

SCOPE = "police.transfers"
TITLE_CHARS = 40


@dataclass(frozen=True)
class Transfer:
    incident_no: str
    category: str
    text: str
    lat: float
    lng: float
    reported_at: datetime


@dataclass(frozen=True)
class Received:
    case: Case
    created: bool


def police_category(name_or_code: str) -> Category | None:
    """Our category for a 110 category (by its code or name); None leaves it to triage."""
    row = (PoliceCategory.objects.select_related("category")
           .filter(Q(code=name_or_code) | Q(name=name_or_code)).first())
    return row.category if row else None


def receive_transfer(*, actor: User, token: ApiToken | None, transfer: Transfer,
                     render: Callable[[Case], dict[str, Any]]) -> Received:
    """One case per 警情编号, however often and however concurrently the desk sends it: the
    number is the idempotency key (the intake door's one store) and the transfer row's
    unique key, so a second desk account sending the same number gets the same case too."""
    if not has_permission(actor, CREATE):
        raise PermissionDenied(_("You may not hand over cases."))
    if (found := _transferred(transfer.incident_no)) is not None:
        return Received(found, False)
    text = transfer.text.strip()
    new = NewCase(channel=Channel.POLICE, title=text[:TITLE_CHARS], description=text,
                  lat=transfer.lat, lng=transfer.lng,
                  category=police_category(transfer.category))

    def then(case: Case, event: CaseEvent) -> None:
        PoliceTransfer.objects.create(
            incident_no=transfer.incident_no, case=case, police_category=transfer.category,
            reported_at=transfer.reported_at, received_at=event.at)
        offer_to_mediation(case, at=event.at)  # a dispute: the mediation centre is told

    try:
        outcome = submit_case(
            actor=actor, new=new, token=token, key=f"110-{transfer.incident_no}", scope=SCOPE,
            request_fingerprint=idempotency.fingerprint(SCOPE, transfer.incident_no),
            render=lambda case, _record: (201, render(case)), then=then)
    except IntegrityError:  # another account's transfer of the same number won the race
        if (found := _transferred(transfer.incident_no)) is None:
            raise
        return Received(found, False)
    assert outcome.case_id is not None  # submit_case always answers with its case
    case = Case.objects.get(pk=outcome.case_id)
    return Received(case, not outcome.replayed)


def _transferred(incident_no: str) -> Case | None:
    row = PoliceTransfer.objects.select_related("case").filter(incident_no=incident_no).first()
    return row.case if row else None


# The actions by which the platform takes its first decision on a report (签收 of a transfer).
SIGNING = frozenset({"register", "reject", "answer", "close_on_spot", "merge"})


def record_signed(items: Sequence[Recorded]) -> None:
    """Bus subscriber: the first decision on a 110 transfer signs for it (its own limit,
    TONGXIN_POLICE_SIGN_MINUTES; the police page shows who signed late). Other channels'
    cases cost no statement here."""
    for item in items:
        if item.case.channel == Channel.POLICE:
            PoliceTransfer.objects.filter(case_id=item.case.pk, signed_at__isnull=True).update(
                signed_at=item.event.at)


def record_returns(items: Sequence[Recorded]) -> None:
    """Bus subscriber: rejecting a 110 transfer is returning it to 110 (退回110) with the
    reject's reason; the status itself reaches 110 through its webhook subscription."""
    for item in items:
        if item.case.channel == Channel.POLICE:
            PoliceTransfer.objects.filter(case_id=item.case.pk, returned_at__isnull=True).update(
                returned_at=item.event.at, return_reason=item.event.note)


def record_routed(items: Sequence[Recorded]) -> None:
    """Bus subscriber: a case dispatched to the unit of the area it lies in counts for that
    area (scores per segment, chief, company, compound), whoever dispatched it."""
    for item in items:
        case = item.case
        if case.lat is None or case.lng is None or case.lead_department_id is None:
            continue
        entry = best(areas_at(case.lat, case.lng, on=timezone.localdate(case.created_at),
                              category_id=case.category_id))
        if entry is not None and entry.department_id == case.lead_department_id:
            RoutedCase.objects.update_or_create(case_id=case.pk, defaults={
                "area_id": entry.area_id, "at": item.event.at})


def post_unit_status(*, actor: User, call_sign: str, status: str, lat: float | None = None,
                     lng: float | None = None, at: datetime | None = None) -> PoliceUnit:
    """A patrol unit's status (available/busy/off) and, when known, its position."""
    if not has_permission(actor, CREATE):
        raise PermissionDenied(_("You may not post patrol units."))
    if status not in UnitStatus.values:
        raise ValidationFailed(_("The status must be one of: %(values)s.")
                               % {"values": ", ".join(UnitStatus.values)})
    if (lat is None) != (lng is None):
        raise ValidationFailed(_("Send both lat and lng, or neither."))
    with transaction.atomic():
        unit = PoliceUnit.objects.select_for_update().filter(call_sign=call_sign).first()
        if unit is None:
            raise Http404(_("No patrol unit has the call sign %(sign)s.") % {"sign": call_sign})
        unit.status = status
        fields = ["status"]
        if lat is not None:
            unit.lat, unit.lng, unit.updated_at = lat, lng, at or timezone.now()
            fields += ["lat", "lng", "updated_at"]
        unit.save(update_fields=fields)
    return unit


@in_default_language  # the note is read by the street's dispatchers, not by a requester
def fall_back_unsigned(*, now: datetime | None = None) -> dict[str, int]:
    """Worker job: a case an area's unit has not signed for within the area's limit (a
    property company's short limit) is taken back to the street's command centre, and the
    unit's failure to act (物业未履职) is recorded for its score."""
    now = now or timezone.now()
    late = list(RoutedCase.objects.filter(
        failed_at__isnull=True, case__status=Status.DISPATCHED,
        area__sign_within_min__isnull=False,
        case__lead_department_id=F("area__department_id"),
    ).select_related("area", "case").order_by("pk")[:200])
    moved = 0
    for routed in late:
        limit = timedelta(minutes=routed.area.sign_within_min or 0)
        if routed.case.dispatched_at is None or routed.case.dispatched_at + limit > now:
            continue
        note = _("%(unit)s did not sign for the case within %(minutes)d minutes: back to the "
                 "street's command centre (failure to act).") % {
            "unit": routed.area.department, "minutes": routed.area.sign_within_min}
        with transaction.atomic():
            system_act(case_id=routed.case_id, action="recall", data=ActionInput(note=note),
                       at=now, details={"auto": True, "area": routed.area.code})
            RoutedCase.objects.filter(pk=routed.pk).update(failed_at=now)
        moved += 1
    return {"fell_back": moved}


def escalate_along_chain(items: Sequence[Recorded]) -> None:
    """Bus subscriber: a warning on a case an area brought goes up the area's chain first —
    a yellow warning to its two most local chiefs, a red alarm to every chief up to level 1 —
    beside what the region tree's command centres hear (tongxin.notifications)."""
    by_case = dict(RoutedCase.objects.filter(case_id__in=[i.case.pk for i in items])
                   .values_list("case_id", "area_id"))
    if not by_case:
        return
    chain: dict[int, list[tuple[int, int]]] = {}
    for area_id, level, user_id in (Chief.objects.filter(area_id__in=set(by_case.values()),
                                                         user__isnull=False)
                                    .order_by("-level").values_list("area_id", "level",
                                                                    "user_id")):
        chain.setdefault(area_id, []).append((level, user_id))
    for item in items:
        links = chain.get(by_case.get(item.case.pk, 0), [])
        local_levels = sorted({level for level, _u in links}, reverse=True)[:2]
        users = [u for level, u in links
                 if item.event.action == "warn_red" or level in local_levels]
        if users:
            message = (_("Case %(number)s is overdue: your road or area's case")
                       if item.event.action == "warn_red" else
                       _("Case %(number)s: yellow warning on your road or area's case"))
            inbox.to_users(users, case_id=item.case.pk, verb=item.event.action,
                           message=message % {"number": item.case.number}, at=item.event.at)
