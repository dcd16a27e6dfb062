"""/api/v1 for devices: the registry and alarms (read), and the webhook video platforms
post their events to."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router
from ninja import Schema as _Schema

from tongxin.accounts.permissions import VIEW
from tongxin.api.auth import ApiRequest
from tongxin.api.schemas import ErrorOut
from tongxin.basedata.access import base_filter
from tongxin.core.errors import PermissionDenied, ValidationFailed
from tongxin.regions.tree import node

from . import ingest
from .models import Alarm, Device

router = Router(tags=["devices"])
ERRORS = {code: ErrorOut for code in (400, 401, 403, 404, 422)}
MAX_EVENTS = 1000


class DeviceOut(_Schema):
    code: str
    name: str
    type: str
    grid: str
    state: str
    last_seen_at: str | None
    needs_maintenance: bool


class AlarmOut(_Schema):
    id: int
    device: str
    type: str
    severity: str
    status: str
    count: int
    first_at: str
    last_at: str
    case_number: str | None


class AlarmFilters(_Schema):
    device: str | None = Field(None, max_length=40)
    status: str | None = Field(None, max_length=12)


def _iso(when) -> str | None:
    return timezone.localtime(when).isoformat() if when else None


@router.get("/devices", response={200: list[DeviceOut], **ERRORS}, operation_id="list_devices",
            summary="Devices of the grids you reach, with their live state")
def devices(request: ApiRequest):
    qs = base_filter(Device.objects.select_related("profile"), request.auth, VIEW)
    return [{"code": d.code, "name": d.name, "type": d.profile.name,
             "grid": node(d.grid_id).code, "state": d.state,
             "last_seen_at": _iso(d.last_seen_at), "needs_maintenance": d.needs_maintenance}
            for d in qs.order_by("code")[:5000]]


@router.get("/alarms", response={200: list[AlarmOut], **ERRORS}, operation_id="list_alarms",
            summary="Alarms (one per fault), newest first")
def alarms(request: ApiRequest, filters: Query[AlarmFilters]):
    reach = base_filter(Device.objects.all(), request.auth, VIEW)
    qs = Alarm.objects.filter(device__in=reach).select_related("device", "case")
    if filters.device:
        qs = qs.filter(device__code=filters.device)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return [{"id": a.pk, "device": a.device.code, "type": a.alarm_type, "severity": a.severity,
             "status": a.status, "count": a.count, "first_at": _iso(a.first_at),
             "last_at": _iso(a.last_at), "case_number": a.case.number if a.case else None}
            for a in qs.order_by("-last_at")[:500]]


@router.post("/sensing/events", response={200: dict, **ERRORS}, operation_id="device_events",
             summary="Events from a video platform or sensor gateway (idempotent by msg_id)")
def events(request: ApiRequest, payload: list[dict] | dict):
    """One event or a list; each `{"device", "msg_id", "ts", "type", "value", "severity"}`.
    Malformed events are counted and answered, never a 5xx."""
    if request.api_token is None or request.api_token.channel not in ("iot", "video"):
        raise PermissionDenied(_("A device gateway token (channel iot or video) is required."))
    items = payload if isinstance(payload, list) else [payload]
    if len(items) > MAX_EVENTS:
        raise ValidationFailed(_("At most %(n)d events per request.") % {"n": MAX_EVENTS})
    parsed, malformed = [], 0
    for item in items:
        try:
            parsed.append(ingest.parse(item))
        except ingest.Malformed:
            malformed += 1
    outcome = ingest.process(parsed, malformed=malformed)
    return {name: n for name, n in outcome.counts.items() if n}
