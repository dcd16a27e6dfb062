"""Reads of the grid's base data: the grid profile (网格画像), people lists, a place's file.

Counts are grouped on the grid column, so a community's profile is one indexed scan per kind
over its grids, whatever the number of people.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet

from tongxin.accounts.masking import mask_phone
from tongxin.accounts.models import User
from tongxin.accounts.permissions import BASE_DECIDE
from tongxin.cases.access import jurisdiction_filter
from tongxin.cases.models import OPEN_STATUSES, Case
from tongxin.regions.models import Level, Region
from tongxin.regions.tree import node, within

from .access import base_filter, sees_enrolment
from .identity import citizen, id_index, mask_citizen_id, normalise
from .models import (
    Building,
    CaseLink,
    ChangeProposal,
    ChangeRecord,
    Component,
    Enrollment,
    House,
    Household,
    Organisation,
    Person,
    Place,
    ProposalStatus,
)

VERIFIED_WINDOW = timedelta(days=90)
COUNTED: dict[str, Any] = {"people": Person, "households": Household, "houses": House,
           "organisations": Organisation, "places": Place, "components": Component}


def grid_ids(region: Region) -> list[int]:
    return [r.pk for r in within(region, Level.GRID)]


def profile(region: Region, *, now: datetime) -> dict:
    """The counts of one grid or of everything under a community (or street, district)."""
    grids = grid_ids(region)
    recent = now - VERIFIED_WINDOW
    out: dict = {"region": {"code": region.code, "name": region.name, "level": region.level}}
    total = verified = 0
    for name, model in COUNTED.items():
        row = model.objects.filter(grid_id__in=grids).aggregate(
            n=Count("pk"), v=Count("pk", filter=Q(last_verified_at__gte=recent)))
        out[name] = row["n"]
        total, verified = total + row["n"], verified + row["v"]
    out["houses_by_use"] = dict(House.objects.filter(grid_id__in=grids).values_list("use")
                                .annotate(n=Count("pk")).order_by())
    enrolled = Enrollment.objects.filter(active=True, person__grid_id__in=grids)
    out["special"] = dict(enrolled.values_list("tag__name").annotate(n=Count("pk")).order_by())
    out["visits_overdue"] = enrolled.filter(next_visit_due__lt=now).count()
    out["visits_due"] = enrolled.filter(next_visit_due__lt=now + timedelta(days=7)).count()
    out["verified_share_90d"] = round(verified / total, 4) if total else None
    out["open_cases"] = Case.objects.filter(grid_id__in=grids, status__in=OPEN_STATUSES).count()
    return out


def people(user: User, *, grid: Region | None = None) -> QuerySet[Person]:
    qs = base_filter(Person.objects.all(), user)
    if grid is not None:
        qs = qs.filter(grid_id__in=grid_ids(grid))
    return qs.order_by("id")


def present_person(person: Person, user: User) -> dict:
    """A person as lists, pages and the API show them: numbers masked, tags as allowed."""
    tags = [e for e in person.enrollments.all() if e.active]
    return {
        "id": person.pk, "name": person.name, "id_number": mask_citizen_id(person.id_number),
        "phone": mask_phone(person.phone), "sex": person.sex,
        "birth_date": person.birth_date.isoformat(), "residence": person.residence,
        "grid": node(person.grid_id).code,
        "relation": person.relation,
        "last_verified_at": person.last_verified_at.isoformat()
        if person.last_verified_at else None,
        "tags": [{"name": e.tag.name, "grade": e.grade} for e in tags
                 if sees_enrolment(user, e.tag, person.grid_id)],
    }


def find_by_id_number(user: User, number: str) -> Person | None:
    """The person with this ID number in the user's reach; BadIdentity (400) for a number
    that cannot be one, so a typo reads as a typo, not as "nobody"."""
    number = citizen(number).number
    return base_filter(Person.objects.all(), user).filter(
        id_index=id_index(normalise(number))).first()


def due_visits(user: User, *, now: datetime) -> QuerySet[Enrollment]:
    """Visits due within a day, overdue first (oldest due first)."""
    return (Enrollment.objects.filter(active=True, next_visit_due__lt=now + timedelta(days=1),
                                      person__in=base_filter(Person.objects.all(), user))
            .select_related("person", "tag").order_by("next_visit_due"))


def place_file(case: Case, user: User, *, now: datetime, radius_m: float = 30.0) -> dict:
    """一楼一档 for a case: what is linked to it or stands within `radius_m` of its point
    (buildings with their households, components, organisations, people — numbers masked,
    tags as the user may see them), the unit that owns a component, and earlier cases at
    the same place in the last 12 months (only those the user may see)."""
    links = list(CaseLink.objects.filter(case=case).select_related(
        "person__grid", "organisation", "component__department", "building")
        .prefetch_related("person__enrollments__tag"))
    buildings = {x.building.pk: x.building for x in links if x.building}
    components = {x.component.pk: x.component for x in links if x.component}
    organisations = [x.organisation for x in links if x.organisation]
    earlier = jurisdiction_filter(Case.objects.all(), user).filter(
        created_at__gte=now - timedelta(days=365), grid_id=case.grid_id).exclude(pk=case.pk)
    if case.lat is not None and case.lng is not None:
        # A box of ±radius (1° of latitude ≈ 111 km) is "the same place" for a case.
        d = radius_m / 111_000
        box = {"lat__range": (case.lat - d, case.lat + d),
               "lng__range": (case.lng - d, case.lng + d)}
        earlier = earlier.filter(**box)
        for b in base_filter(Building.objects.filter(**box), user)[:5]:
            buildings.setdefault(b.pk, b)
        for c in base_filter(Component.objects.filter(**box), user).select_related(
                "department")[:10]:
            components.setdefault(c.pk, c)
    households = dict(Household.objects.filter(house__building__in=list(buildings))
                      .values_list("house__building").annotate(n=Count("pk")).order_by())
    return {
        "buildings": [{"code": b.code, "name": b.name, "households": households.get(b.pk, 0)}
                      for b in buildings.values()],
        "components": [{"code": c.code, "name": c.name, "state": c.get_state_display(),
                        "department": c.department.name if c.department else ""}
                       for c in components.values()],
        # A case about a component goes to the unit that owns it.
        "suggested_department": next(
            (c.department for c in components.values() if c.department), None),
        "people": [present_person(x.person, user) for x in links if x.person],
        "organisations": [{"name": o.name, "credit_code": o.credit_code}
                          for o in organisations],
        "earlier_cases": list(earlier.order_by("-created_at").values("pk", "number", "title")
                              [:20]),
    }


def pending_proposals(user: User) -> QuerySet[ChangeProposal]:
    """The proposed changes the user may decide (the community administrator's queue)."""
    people_in_reach = base_filter(Person.objects.all(), user, BASE_DECIDE)
    return ChangeProposal.objects.filter(status=ProposalStatus.PENDING,
                                         person__in=people_in_reach).order_by("id")


def due_for_worker(user: User, *, now: datetime, limit: int = 50) -> list[dict]:
    """The field app's visit list: one row per person (their earliest due tag), overdue
    first, then by due date; each with the point the app sorts by distance."""
    rows: dict[int, dict] = {}
    for e in due_visits(user, now=now + timedelta(days=6)).select_related("person__house"):
        p = e.person
        row = rows.setdefault(p.pk, {
            "person": p, "due": e.next_visit_due, "tags": [],
            "lat": p.lat if p.lat is not None else (p.house.lat if p.house else None),
            "lng": p.lng if p.lng is not None else (p.house.lng if p.house else None)})
        row["due"] = min(row["due"], e.next_visit_due)
        if sees_enrolment(user, e.tag, p.grid_id):
            row["tags"].append(e.tag.name)
    out = sorted(rows.values(), key=lambda r: r["due"])[:limit]
    for row in out:
        row["overdue_days"] = max(0, (now - row["due"]).days) if row["due"] < now else None
    return out


def present_change(change: ChangeRecord, *, revealed: bool = False) -> dict:
    """A version of a person's record as the page lists it: a phone masked like the record."""
    hide = mask_phone if change.field == "phone" and not revealed else str
    return {"at": change.at, "by": change.by, "field": change.field,
            "label": change.field_label, "old": hide(change.old_value),
            "new": hide(change.new_value), "reason": change.reason}


Box = tuple[float, float, float, float]  # west, south, east, north


def _in_box(qs: QuerySet, box: Box | None) -> QuerySet:
    if box is None:
        return qs
    west, south, east, north = box
    return qs.filter(lng__range=(west, east), lat__range=(south, north))


def map_objects(user: User, box: Box | None, *, limit: int = 1500) -> dict:
    """The map's base-data layer: buildings, places and components as points, and special
    populations only as a count per grid (at the grid's centre), never as people."""
    items = []
    for kind, model in (("building", Building), ("place", Place), ("component", Component)):
        qs = _in_box(base_filter(model.objects.filter(lat__isnull=False), user), box)
        items += [{"kind": kind, "name": name, "lat": lat, "lng": lng}
                  for name, lat, lng in qs.values_list("name", "lat", "lng")[:limit]]
    counts = (Enrollment.objects.filter(active=True, person__in=base_filter(
        Person.objects.all(), user)).values_list("person__grid").annotate(n=Count("pk"))
        .order_by())
    special = []
    for grid_id, n in counts:
        grid = node(grid_id)
        if grid.center_lat is not None and grid.center_lng is not None:
            special.append({"grid": grid.name, "count": n, "lat": grid.center_lat,
                            "lng": grid.center_lng})
    return {"items": items[:limit], "special": special, "truncated": len(items) > limit}
