"""/api/v1 for responsibility areas and the 110 linkage.

- `GET /areas?kind=road_segment`, `GET /areas/locate?lat=&lng=` (areas holding a point today)
- `POST /police/transfers` (a police-channel token): one case per `incident_no`, 201 the
  first time and 200 with the same case after
- `POST /police/units/{call_sign}/status`, `GET /police/units/nearest?lat=&lng=`
"""

from __future__ import annotations

from datetime import datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Status
from ninja import Schema as _Schema

from tongxin.accounts.access import has_permission
from tongxin.accounts.permissions import VIEW
from tongxin.api.auth import ApiRequest, api_token_of
from tongxin.api.present import case_dict
from tongxin.api.schemas import CaseOut, ErrorOut
from tongxin.cases.models import Case, Channel
from tongxin.core.errors import PermissionDenied, ValidationFailed

from . import selectors, services
from .models import AreaKind, UnitStatus

router = Router(tags=["areas"])
ERRORS = {code: ErrorOut for code in (400, 401, 403, 404, 409, 422)}


class AreaQuery(_Schema):
    kind: AreaKind | None = None


class PointQuery(_Schema):
    lat: float = Field(..., ge=-90, le=90)
    lng: float = Field(..., ge=-180, le=180)


class TransferIn(_Schema):
    incident_no: str = Field(..., min_length=1, max_length=40, pattern=r"^[\x21-\x7e]+$",
                             description="the 110 警情编号 (printable ASCII, no spaces)")
    category: str = Field(..., min_length=1, max_length=100,
                          description="the 110 category, by code or name")
    text: str = Field(..., min_length=2, max_length=4000)
    lat: float = Field(..., ge=-90, le=90)
    lng: float = Field(..., ge=-180, le=180)
    reported_at: datetime


class UnitStatusIn(_Schema):
    status: UnitStatus
    lat: float | None = Field(None, ge=-90, le=90)
    lng: float | None = Field(None, ge=-180, le=180)


def _viewer(request: ApiRequest) -> None:
    if not has_permission(request.auth, VIEW):
        raise PermissionDenied(_("You may not see responsibility areas."))


def _police_desk(request: ApiRequest) -> None:
    token = api_token_of(request)
    if token is None or token.channel != Channel.POLICE:
        raise PermissionDenied(_("A token of the 110 police channel is required."))


@router.get("/areas", response={200: list[dict], **ERRORS}, operation_id="list_areas",
            summary="Responsibility areas valid today (road segments, police blocks, compounds …)")
def list_areas(request: ApiRequest, query: Query[AreaQuery]):
    _viewer(request)
    today = timezone.localdate()
    return [selectors.area_dict(a) for a in selectors.areas(kind=query.kind or "", on=today)]


@router.get("/areas/locate", response={200: list[dict], **ERRORS}, operation_id="locate_areas",
            summary="The responsibility areas containing a WGS-84 point today")
def locate_areas(request: ApiRequest, query: Query[PointQuery]):
    _viewer(request)
    return [selectors.area_dict(a) for a in
            selectors.areas_containing(query.lat, query.lng, on=timezone.localdate())]


@router.post("/police/transfers", response={200: CaseOut, 201: CaseOut, **ERRORS},
             operation_id="police_transfer", summary="Hand a non-police 110 call over (idempotent "
             "by incident_no)")
def police_transfer(request: ApiRequest, payload: TransferIn, response: HttpResponse):
    _police_desk(request)
    if timezone.is_naive(payload.reported_at):
        raise ValidationFailed(_("reported_at needs a time zone (e.g. +08:00)."))
    user = request.auth

    def render(case: Case) -> dict:
        return CaseOut.model_validate(case_dict(case, user)).model_dump(mode="json")

    received = services.receive_transfer(
        actor=user, token=api_token_of(request),
        transfer=services.Transfer(payload.incident_no, payload.category, payload.text,
                                   payload.lat, payload.lng, payload.reported_at),
        render=render)
    if not received.created:
        response["Idempotent-Replayed"] = "true"
    return Status(201 if received.created else 200, render(received.case))


@router.post("/police/units/{call_sign}/status", response={200: dict, **ERRORS},
             operation_id="post_unit_status", summary="A patrol unit's status and position")
def unit_status(request: ApiRequest, payload: UnitStatusIn,
                call_sign: str = Path(..., max_length=30)):
    _police_desk(request)
    unit = services.post_unit_status(actor=request.auth, call_sign=call_sign,
                                     status=payload.status, lat=payload.lat, lng=payload.lng)
    return {"call_sign": unit.call_sign, "status": unit.status, "lat": unit.lat,
            "lng": unit.lng}


@router.get("/police/units/nearest", response={200: list[dict], **ERRORS},
            operation_id="nearest_units", summary="The nearest available patrol units")
def nearest(request: ApiRequest, query: Query[PointQuery]):
    _viewer(request)
    return [{"call_sign": n.unit.call_sign, "name": n.unit.name,
             "department": str(n.unit.department), "lat": n.unit.lat, "lng": n.unit.lng,
             "distance_m": n.metres, "eta_min": n.minutes}
            for n in selectors.nearest_units(query.lat, query.lng)]
