"""/api/v1 for the grid's base data: grid profiles, people (masked), visits, reveals."""

from __future__ import annotations

import uuid

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router
from ninja import Schema as _Schema
from pydantic import AwareDatetime

from tongxin.api.auth import ApiRequest
from tongxin.api.schemas import MAX_ID, ErrorOut, Input
from tongxin.core.errors import PermissionDenied
from tongxin.regions.models import Region

from . import selectors, services
from .access import base_filter, reaches
from .models import Person

router = Router(tags=["grid base data"])
ERRORS = {code: ErrorOut for code in (400, 401, 403, 404, 422)}
PAGE_MAX = 200


class ProfileOut(_Schema):
    region: dict
    people: int
    households: int
    houses: int
    houses_by_use: dict[str, int]
    organisations: int
    places: int
    components: int
    special: dict[str, int]
    visits_due: int
    visits_overdue: int
    verified_share_90d: float | None
    open_cases: int


class PersonOut(_Schema):
    id: int
    name: str
    id_number: str
    phone: str
    sex: str
    birth_date: str
    residence: str
    grid: str
    relation: str
    last_verified_at: str | None
    tags: list[dict]


class PeoplePage(_Schema):
    items: list[PersonOut]
    next_after: int | None


class PeopleFilters(_Schema):
    grid: str | None = Field(None, max_length=32)
    after: int = Field(0, ge=0, le=MAX_ID, description="the last id of the previous page")
    limit: int = Field(50, ge=1, le=PAGE_MAX)


class LookupIn(Input):
    id_number: str = Field(..., min_length=1, max_length=40)


class RevealIn(Input):
    purpose: str = Field(..., min_length=2, max_length=200)


class ProposedIn(Input):
    field: str = Field(..., max_length=20)
    value: str = Field("", max_length=200)
    reason: str = Field("", max_length=200)


class VisitIn(Input):
    client_id: uuid.UUID
    visited_at: AwareDatetime | None = None
    note: str = Field("", max_length=2000)
    lat: float | None = Field(None, ge=-90, le=90)
    lng: float | None = Field(None, ge=-180, le=180)
    proposals: list[ProposedIn] = Field(default_factory=list, max_length=10)


@router.get("/grids/{code}/profile", response={200: ProfileOut, **ERRORS},
            operation_id="grid_profile", summary="Grid profile (网格画像) of a grid or community")
def profile(request: ApiRequest, code: str):
    region = get_object_or_404(Region.objects.defer("geometry"), code=code)
    if not reaches(request.auth, region.pk):
        raise PermissionDenied(_("This region is outside your jurisdiction."))
    return selectors.profile(region, now=timezone.now())


@router.get("/people", response={200: PeoplePage, **ERRORS}, operation_id="list_people",
            summary="People of the grids you reach, ID number and phone masked")
def people(request: ApiRequest, filters: Query[PeopleFilters]):
    grid = None
    if filters.grid:
        grid = get_object_or_404(Region.objects.defer("geometry"), code=filters.grid)
    qs = selectors.people(request.auth, grid=grid).filter(pk__gt=filters.after)
    rows = list(qs.prefetch_related("enrollments__tag")[:filters.limit + 1])
    more = len(rows) > filters.limit
    rows = rows[:filters.limit]
    return {"items": [selectors.present_person(p, request.auth) for p in rows],
            "next_after": rows[-1].pk if more else None}


@router.post("/people/lookup", response={200: PersonOut, **ERRORS}, operation_id="find_person",
             summary="Find a person by ID number (sent in the body, never in a URL)")
def lookup(request: ApiRequest, payload: LookupIn):
    found = selectors.find_by_id_number(request.auth, payload.id_number)
    if found is None:
        raise Http404(_("No person with this ID number in your jurisdiction."))
    return selectors.present_person(found, request.auth)


@router.post("/people/{person_id}/reveal", response={200: dict, **ERRORS},
             operation_id="reveal_person", summary="The full ID number and phone (audited)")
def reveal(request: ApiRequest, payload: RevealIn, person_id: int):
    person = get_object_or_404(base_filter(Person.objects.all(), request.auth), pk=person_id)
    return services.reveal(actor=request.auth, person=person, purpose=payload.purpose,
                           request=request)


@router.post("/people/{person_id}/visits", response={200: dict, **ERRORS},
             operation_id="visit_person", summary="Record a visit (idempotent by client_id)")
def visit(request: ApiRequest, payload: VisitIn, person_id: int):
    person = get_object_or_404(base_filter(Person.objects.all(), request.auth), pk=person_id)
    stored = services.record_visit(
        actor=request.auth, client_id=payload.client_id, person=person,
        at=payload.visited_at or timezone.now(), note=payload.note, lat=payload.lat,
        lng=payload.lng, proposals=tuple(services.Proposed(p.field, p.value, p.reason)
                                         for p in payload.proposals))
    return {"id": stored.pk, "proposals": stored.proposals.count()}
