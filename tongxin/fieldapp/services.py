"""Field-app writes. Each takes the client's id, so the app's outbox can resend after a lost
answer and the server stores the thing once."""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.accounts.access import roles_of
from tongxin.accounts.models import Role, User
from tongxin.core.errors import PermissionDenied, ValidationFailed

from .models import HouseholdVisit, Patrol, PatrolPoint

EARTH_M = 6_371_000.0


def require_grid_worker(user: User) -> None:
    if Role.GRID_WORKER not in roles_of(user):
        raise PermissionDenied(_("Only grid workers patrol and visit households."))


def start_patrol(*, worker: User, client_id: uuid.UUID, at: datetime | None = None) -> Patrol:
    require_grid_worker(worker)
    patrol, _created = Patrol.objects.get_or_create(
        worker=worker, client_id=client_id, defaults={"started_at": at or timezone.now()}
    )
    return patrol


@dataclass(frozen=True)
class TrackPoint:
    at: datetime
    lat: float
    lng: float
    accuracy: float | None = None


def add_points(*, worker: User, patrol_id: int, points: Sequence[TrackPoint]) -> Patrol:
    """Append track points; a point already stored (same time) is skipped, not doubled."""
    with transaction.atomic():
        patrol = _own_patrol(worker, patrol_id)
        known = set(patrol.points.filter(at__in=[p.at for p in points])
                    .values_list("at", flat=True))
        fresh = [p for p in sorted(points, key=lambda p: p.at) if p.at not in known]
        fresh = list({p.at: p for p in fresh}.values())
        PatrolPoint.objects.bulk_create([
            PatrolPoint(patrol=patrol, at=p.at, lat=p.lat, lng=p.lng, accuracy=p.accuracy)
            for p in fresh
        ])
        patrol.distance_m = track_length(list(patrol.points.order_by("at")
                                              .values_list("lat", "lng")))
        patrol.save(update_fields=["distance_m"])
    return patrol


def stop_patrol(*, worker: User, patrol_id: int, at: datetime | None = None) -> Patrol:
    with transaction.atomic():
        patrol = _own_patrol(worker, patrol_id)
        if patrol.ended_at is None:  # stopping twice keeps the first end
            patrol.ended_at = at or timezone.now()
            if patrol.ended_at < patrol.started_at:
                raise ValidationFailed(_("A patrol cannot end before it started."))
            patrol.save(update_fields=["ended_at"])
    return patrol


def _own_patrol(worker: User, patrol_id: int) -> Patrol:
    patrol = Patrol.objects.select_for_update().filter(pk=patrol_id, worker=worker).first()
    if patrol is None:
        raise PermissionDenied(_("No such patrol of yours."))
    return patrol


def track_length(points: Sequence[tuple[float, float]]) -> float:
    """Length of the track in metres (haversine between consecutive points)."""
    total = 0.0
    for (lat1, lng1), (lat2, lng2) in zip(points, points[1:], strict=False):
        p1, p2 = math.radians(lat1), math.radians(lat2)
        dp, dl = p2 - p1, math.radians(lng2 - lng1)
        a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
        total += 2 * EARTH_M * math.asin(math.sqrt(a))
    return total


@dataclass(frozen=True)
class NewVisit:
    client_id: uuid.UUID
    address: str
    household: str = ""
    note: str = ""
    visited_at: datetime | None = None
    lat: float | None = None
    lng: float | None = None


def record_visit(*, worker: User, visit: NewVisit) -> HouseholdVisit:
    require_grid_worker(worker)
    if not visit.address.strip():
        raise ValidationFailed(_("An address is required."))
    existing = HouseholdVisit.objects.filter(worker=worker, client_id=visit.client_id).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return HouseholdVisit.objects.create(
                worker=worker, client_id=visit.client_id, address=visit.address.strip(),
                household=visit.household.strip(), note=visit.note.strip(),
                visited_at=visit.visited_at or timezone.now(), lat=visit.lat, lng=visit.lng,
            )
    except IntegrityError:  # the same visit sent twice at once: the other request stored it
        return HouseholdVisit.objects.get(worker=worker, client_id=visit.client_id)
