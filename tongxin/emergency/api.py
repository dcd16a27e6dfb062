"""/api/v1 of emergency command (应急指挥).

- `GET /emergency/plans` — active plans on their latest version: id, name, levels
- `GET /emergency/incidents?case_id=` — incidents the caller may see (through their case),
  each with its steps (unit, status, deadline) and the resources committed
- `GET /emergency/nearest?lat=&lng=&kind=team|warehouse|expert&need=` — ranked, with the
  distance in metres
- `GET /emergency/proposals?case_id=` — the plans a case's reports call for (预案研判): per
  plan the gravest level whose trigger holds, with the reasons; nothing is started
- `POST /emergency/warning-area` with `{"geometry": GeoJSON Polygon}` — grids, buildings and
  the households to check door to door (as far as the caller may see them)

A plan starts through the workflow's own endpoint: `POST /cases/{case_id}/actions/start_plan`
with `plan` and `level`.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Field, Query, Router
from ninja import Schema as _Schema

from tongxin.api.auth import ApiRequest
from tongxin.api.schemas import MAX_ID, ErrorOut
from tongxin.cases.selectors import get_case
from tongxin.core.errors import PermissionDenied

from . import selectors, triggers, warning

router = Router(tags=["emergency"])
ERRORS = {code: ErrorOut for code in (400, 401, 403, 404, 422)}


class IncidentQuery(_Schema):
    case_id: int | None = Field(None, ge=1, le=MAX_ID)
    limit: int = Field(50, ge=1, le=200)


class NearestQuery(_Schema):
    # Strings: a bad value is answered with our own 400 and message, not a schema error.
    lat: str = ""
    lng: str = ""
    kind: str = "team"
    need: str = Field("", max_length=50)
    limit: int = Field(10, ge=1, le=100)


def _viewer(request: ApiRequest) -> None:
    if not selectors.sees_emergency(request.auth):
        raise PermissionDenied(_("You may not see emergency command."))


@router.get("/emergency/plans", response={200: list[dict], **ERRORS},
            operation_id="emergency_plans", summary="Emergency plans with their levels")
def plans(request: ApiRequest):
    _viewer(request)
    return selectors.plans()


@router.get("/emergency/incidents", response={200: list[dict], **ERRORS},
            operation_id="emergency_incidents",
            summary="Incidents with their steps and committed resources")
def incidents(request: ApiRequest, query: Query[IncidentQuery]):
    _viewer(request)
    qs = selectors.visible_incidents(request.auth, case_id=query.case_id)
    return [selectors.incident_dict(i) for i in qs[:query.limit]]


@router.get("/emergency/nearest", response={200: list[dict], **ERRORS},
            operation_id="emergency_nearest", summary="Nearest teams, warehouses or experts")
def nearest(request: ApiRequest, query: Query[NearestQuery]):
    _viewer(request)
    where = selectors.parse_point(query.lat, query.lng)
    return selectors.nearest(lat=where.lat, lng=where.lng, kind=query.kind, need=query.need,
                             limit=query.limit)


class ProposalQuery(_Schema):
    case_id: int = Field(..., ge=1, le=MAX_ID)


@router.get("/emergency/proposals", response={200: list[dict], **ERRORS},
            operation_id="emergency_proposals",
            summary="Plans and levels a case's reports call for, with the reasons")
def proposals(request: ApiRequest, query: Query[ProposalQuery]):
    _viewer(request)
    case = get_case(request.auth, pk=query.case_id)  # outside jurisdiction → 404
    return [{"plan": p.plan_id, "name": p.plan_name, "level": p.level,
             "level_name": p.level_name, "reasons": list(p.reasons)}
            for p in triggers.propose(case)]


class AreaIn(_Schema):
    geometry: dict


@router.post("/emergency/warning-area", response={200: dict, **ERRORS},
             operation_id="emergency_warning_area",
             summary="Grids, buildings and vulnerable households inside a polygon")
def warning_area(request: ApiRequest, payload: AreaIn):
    _viewer(request)
    return warning.inside(request.auth, payload.geometry)
