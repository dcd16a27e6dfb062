"""/api/v1/field: patrols with their GPS track and household visits, for the 网格通 app."""

from __future__ import annotations

import uuid

from django.utils.timezone import localtime
from ninja import Field, Path, Router
from ninja import Schema as _Schema
from pydantic import AwareDatetime

from tongxin.api.auth import ApiRequest
from tongxin.api.schemas import MAX_ID, ErrorOut, Input

from . import services
from .services import NewVisit, TrackPoint

router = Router(tags=["grid worker"])
ERRORS = {code: ErrorOut for code in (400, 401, 403, 404, 422)}
PATROL_ID = Path(..., ge=1, le=MAX_ID)


class PatrolStartIn(Input):
    client_id: uuid.UUID
    started_at: AwareDatetime | None = None


class PointIn(Input):
    at: AwareDatetime
    lat: float = Field(..., ge=-90, le=90)
    lng: float = Field(..., ge=-180, le=180)
    accuracy: float | None = Field(None, ge=0, le=100_000)


class PointsIn(Input):
    points: list[PointIn] = Field(..., max_length=1000)


class PatrolStopIn(Input):
    ended_at: AwareDatetime | None = None


class PatrolOut(_Schema):
    id: int
    started_at: str
    ended_at: str | None
    points: int
    distance_m: float


class VisitIn(Input):
    client_id: uuid.UUID
    address: str = Field(..., min_length=1, max_length=255)
    household: str = Field("", max_length=100)
    note: str = Field("", max_length=2000)
    visited_at: AwareDatetime | None = None
    lat: float | None = Field(None, ge=-90, le=90)
    lng: float | None = Field(None, ge=-180, le=180)


class VisitOut(_Schema):
    id: int
    address: str
    visited_at: str


def _patrol(patrol) -> dict:
    return {"id": patrol.pk, "started_at": localtime(patrol.started_at).isoformat(),
            "ended_at": localtime(patrol.ended_at).isoformat() if patrol.ended_at else None,
            "points": patrol.points.count(), "distance_m": round(patrol.distance_m, 1)}


@router.post("/field/patrols", response={200: PatrolOut, **ERRORS}, operation_id="patrol_start",
             summary="Start a patrol (the same client_id again returns the same patrol)")
def start(request: ApiRequest, payload: PatrolStartIn):
    return _patrol(services.start_patrol(worker=request.auth, client_id=payload.client_id,
                                         at=payload.started_at))


@router.post("/field/patrols/{patrol_id}/points", response={200: PatrolOut, **ERRORS},
             operation_id="patrol_points", summary="Add GPS track points to a patrol")
def points(request: ApiRequest, payload: PointsIn, patrol_id: int = PATROL_ID):
    services.require_grid_worker(request.auth)
    track = [TrackPoint(p.at, p.lat, p.lng, p.accuracy) for p in payload.points]
    return _patrol(services.add_points(worker=request.auth, patrol_id=patrol_id, points=track))


@router.post("/field/patrols/{patrol_id}/stop", response={200: PatrolOut, **ERRORS},
             operation_id="patrol_stop", summary="End a patrol")
def stop(request: ApiRequest, payload: PatrolStopIn, patrol_id: int = PATROL_ID):
    services.require_grid_worker(request.auth)
    return _patrol(services.stop_patrol(worker=request.auth, patrol_id=patrol_id,
                                        at=payload.ended_at))


@router.post("/field/visits", response={200: VisitOut, **ERRORS}, operation_id="visit_record",
             summary="Record a household visit (idempotent by client_id)")
def visit(request: ApiRequest, payload: VisitIn):
    stored = services.record_visit(worker=request.auth, visit=NewVisit(
        client_id=payload.client_id, address=payload.address, household=payload.household,
        note=payload.note, visited_at=payload.visited_at, lat=payload.lat, lng=payload.lng,
    ))
    return {"id": stored.pk, "address": stored.address,
            "visited_at": localtime(stored.visited_at).isoformat()}
