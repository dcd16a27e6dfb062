"""Writes to the grid's base data: people, visits, the changes a visit proposes, reveals.

Each service is keyword-only and follows the project's order: lock → check permission →
change → record (a ChangeRecord for base data, an audit row for a reveal, a case through the
case engine for a finding).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.accounts.access import has_permission
from tongxin.accounts.models import User
from tongxin.accounts.permissions import BASE_DECIDE, BASE_REVEAL, BASE_VISIT
from tongxin.cases.access import sees
from tongxin.cases.models import Case, CaseEvent, Channel
from tongxin.cases.services import NewCase, create_case
from tongxin.core.errors import PermissionDenied, ValidationFailed
from tongxin.regions.locator import locate_point
from tongxin.regions.models import Level, Region
from tongxin.security import audit
from tongxin.security.crypto import phone_hash
from tongxin.security.models import Category

from . import identity, overdue
from .access import base_filter, reaches
from .models import (
    CHANGE_FIELDS,
    Building,
    CaseLink,
    ChangeProposal,
    ChangeRecord,
    Component,
    Enrollment,
    Organisation,
    Person,
    ProposalStatus,
    Residence,
    Tag,
    Visit,
)

CHANGEABLE = set(CHANGE_FIELDS)


def place(*, grid: Region | None, lat: float | None, lng: float | None) -> Region:
    """The grid of an object: the one its point falls in, else the one it was filed under."""
    if lat is not None and lng is not None:
        found = locate_point(lat, lng)
        if found is not None and found.level == Level.GRID:
            return found
    if grid is None or grid.level != Level.GRID:
        raise ValidationFailed(_("Give a grid code or a point inside a grid."))
    return grid


@dataclass(frozen=True)
class NewPerson:
    name: str
    id_number: str
    grid: Region
    phone: str = ""
    address: str = ""
    residence: str = Residence.REGISTERED
    relation: str = ""
    employer: str = ""


def person_from(new: NewPerson, *, at: datetime) -> Person:
    """A Person row, checked, with its derived fields; not saved (the importer bulk-creates)."""
    if not new.name.strip():
        raise ValidationFailed(_("A name is required."))
    who = identity.citizen(new.id_number)
    return Person(
        name=new.name.strip(), id_number=who.number, id_index=identity.id_index(who.number),
        phone=identity.normalise(new.phone), phone_index=phone_hash(new.phone),
        sex=who.sex, birth_date=who.birth_date, residence=new.residence, grid=new.grid,
        address=new.address.strip(), relation=new.relation, employer=new.employer,
        last_verified_at=at,
    )


def enroll(*, actor: User, person: Person, tag: Tag, grade: int = 0,
           at: datetime | None = None) -> Enrollment:
    now = at or timezone.now()
    if not reaches(actor, person.grid_id, BASE_DECIDE) and not reaches(
            actor, person.grid_id, BASE_VISIT):
        raise PermissionDenied(_("You may not enrol people of this grid."))
    if not 0 <= grade <= tag.max_grade:
        raise ValidationFailed(_("Grade %(grade)s is outside 0–%(top)s for this tag.")
                               % {"grade": grade, "top": tag.max_grade})
    enrolment, _created = Enrollment.objects.update_or_create(
        person=person, tag=tag,
        defaults={"grade": grade, "since": now, "active": True,
                  "next_visit_due": now + timedelta(days=tag.interval(grade))})
    return enrolment


def reveal(*, actor: User, person: Person, purpose: str,
           request: HttpRequest | None = None) -> dict[str, str]:
    """The full ID number and phone, for a stated purpose, written to the audit trail."""
    if not purpose.strip():
        raise ValidationFailed(_("Say why you need the full number."))
    if not reaches(actor, person.grid_id, BASE_REVEAL):
        raise PermissionDenied(_("You may not reveal this person's numbers."))
    audit.record(category=Category.PERSONAL, action="reveal", actor=actor, request=request,
                 obj=person, detail={"purpose": purpose.strip()[:200], "fields": [
                     "id_number", "phone"]})
    return {"id_number": person.id_number, "phone": person.phone}


@dataclass(frozen=True)
class Proposed:
    field: str
    value: str
    reason: str = ""


def record_visit(*, actor: User, client_id: uuid.UUID, person: Person, at: datetime,
                 note: str = "", lat: float | None = None, lng: float | None = None,
                 proposals: tuple[Proposed, ...] = ()) -> Visit:
    """A visit to a person at home, once per client id (the field app retries offline
    sends): it confirms the record, moves the person's due visits on, and files proposals."""
    if (found := Visit.objects.filter(client_id=client_id).first()) is not None:
        return found
    if not reaches(actor, person.grid_id, BASE_VISIT):
        raise PermissionDenied(_("Only the grid's workers visit its households."))
    for p in proposals:
        if p.field not in CHANGEABLE:
            raise ValidationFailed(_("%(field)s cannot be changed from a visit.")
                                   % {"field": p.field})
    with transaction.atomic():
        visit = Visit.objects.create(
            client_id=client_id, worker=actor, person=person, household=person.household,
            grid_id=person.grid_id, visited_at=at, lat=lat, lng=lng, note=note.strip())
        Person.objects.filter(pk=person.pk).update(last_verified_at=at)
        enrolments = list(Enrollment.objects.filter(person=person, active=True)
                          .select_related("tag"))
        overdue.close_visited(enrolments, visit_id=visit.pk, at=at)
        for enrolment in enrolments:
            enrolment.next_visit_due = at + timedelta(days=enrolment.tag.interval(
                enrolment.grade))
            enrolment.overdue_case = None
            enrolment.save(update_fields=["next_visit_due", "overdue_case"])
        ChangeProposal.objects.bulk_create([
            ChangeProposal(visit=visit, person=person, field=p.field, new_value=p.value.strip(),
                           reason=p.reason.strip()) for p in proposals])
    return visit


def decide(*, actor: User, proposal_id: int, accept: bool,
           at: datetime | None = None) -> ChangeProposal:
    """The community administrator accepts or rejects a proposed change; an accepted one is
    applied and versioned (who, when, from → to, why)."""
    now = at or timezone.now()
    with transaction.atomic():
        proposal = (ChangeProposal.objects.select_for_update().select_related("person")
                    .filter(pk=proposal_id).first())
        if proposal is None:
            raise ValidationFailed(_("No such proposal."))
        person = proposal.person
        if not reaches(actor, person.grid_id, BASE_DECIDE):
            raise PermissionDenied(_("Only the community administrator decides changes."))
        if proposal.status != ProposalStatus.PENDING:
            raise ValidationFailed(_("This proposal was decided already."))
        proposal.status = ProposalStatus.ACCEPTED if accept else ProposalStatus.REJECTED
        proposal.decided_by, proposal.decided_at = actor, now
        proposal.save(update_fields=["status", "decided_by", "decided_at"])
        if accept:
            _apply(person, proposal, actor=actor, at=now)
    return proposal


def _apply(person: Person, proposal: ChangeProposal, *, actor: User, at: datetime) -> None:
    field = proposal.field
    if field == "moved_out":
        old, new = str(person.house_id or ""), ""
        person.house = person.household = None
        fields = ["house", "household"]
    else:
        old, new = str(getattr(person, field) or ""), proposal.new_value
        setattr(person, field, new)
        fields = [field]
        if field == "phone":
            person.phone_index = phone_hash(new)
            fields.append("phone_index")
    person.last_verified_at = at
    person.save(update_fields=[*fields, "last_verified_at"])
    ChangeRecord.objects.create(person=person, field=field, old_value=old, new_value=new,
                                reason=proposal.reason, by=actor, at=at, proposal=proposal)


def case_from_visit(*, actor: User, visit: Visit, title: str, description: str = "",
                    at: datetime | None = None) -> Case:
    """A finding on a visit becomes a case in one step, placed where the visit was and
    linked to the person visited."""
    person = visit.person
    new = NewCase(channel=Channel.GRID, title=title, description=description,
                  lat=visit.lat, lng=visit.lng, region=None if visit.lat else visit.grid,
                  address=person.address if person else "")

    def link(case: Case, _event: CaseEvent) -> None:
        CaseLink.objects.create(case=case, person=person, household=visit.household, by=actor,
                                at=case.created_at)

    return create_case(actor=actor, new=new, at=at, then=link)


LINKABLE = ("person", "component", "organisation", "building")


def link_case(*, actor: User, case: Case, kind: str, value: str,
              at: datetime | None = None) -> CaseLink:
    """Tie a case to what stands at its place, found by its identity (an ID number, a
    component code, a credit code, a building code) within the actor's reach."""
    if not (has_permission(actor, "cases.dispatch") and sees(actor, case)):
        raise PermissionDenied(_("Only the case's dispatchers link it to base data."))
    target = _linkable(actor, kind, value)
    link, _created = CaseLink.objects.get_or_create(
        case=case, **{kind: target}, defaults={"by": actor, "at": at or timezone.now()})
    return link


def _linkable(actor: User, kind: str, value: str):
    lookups: dict[str, tuple[Any, Callable[[str], dict]]] = {
        "person": (Person, lambda v: {"id_index": identity.id_index(identity.citizen(v).number)}),
        "component": (Component, lambda v: {"code": identity.component_code(v)}),
        "organisation": (Organisation, lambda v: {"credit_code": identity.credit_code(v)}),
        "building": (Building, lambda v: {"code": v.strip()}),
    }
    if kind not in lookups:
        raise ValidationFailed(_("Link a person, component, organisation or building."))
    model, key = lookups[kind]
    found = base_filter(model.objects.all(), actor).filter(**key(value)).first()
    if found is None:
        raise ValidationFailed(_("Nothing with this number in your jurisdiction."))
    return found
