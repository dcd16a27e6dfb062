"""Reads of the device channel: devices on the map with their live state."""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone

from tongxin.accounts.models import User
from tongxin.accounts.permissions import VIEW
from tongxin.basedata.access import base_filter

from .alarms import OFFLINE
from .models import OPEN_ALARM, Alarm, Device, DeviceState


def map_devices(user: User, box: tuple[float, float, float, float] | None, *,
                limit: int = 2000) -> list[dict]:
    qs = base_filter(Device.objects.filter(lat__isnull=False), user, VIEW)
    if box is not None:
        west, south, east, north = box
        qs = qs.filter(lng__range=(west, east), lat__range=(south, north))
    alarming = dict(Alarm.objects.filter(OPEN_ALARM, device__in=qs).values_list(
        "device_id", "alarm_type"))
    return [{"code": code, "name": name, "state": state, "lat": lat, "lng": lng,
             "alarm": alarming.get(pk, "")}
            for pk, code, name, state, lat, lng in qs.values_list(
                "pk", "code", "name", "state", "lat", "lng")[:limit]]


def summary(user: User, *, limit: int = 5) -> dict:
    """The dashboard's and 大屏's device panel, for the devices the user's regions hold: open
    alarms by type (offline apart), devices offline (the longest silent first) and flagged
    for maintenance."""
    devices = base_filter(Device.objects.all(), user, VIEW)
    by_type = dict(Alarm.objects.filter(OPEN_ALARM, device__in=devices)
                   .exclude(alarm_type=OFFLINE).values_list("alarm_type")
                   .annotate(n=Count("pk")).order_by("-n"))
    offline = devices.filter(state=DeviceState.OFFLINE)
    return {
        "devices": devices.count(), "alarms": sum(by_type.values()), "by_type": by_type,
        "offline": offline.count(),
        "maintenance": devices.filter(needs_maintenance=True).count(),
        "offline_list": [
            {"code": code, "name": name,
             "last_seen_at": timezone.localtime(seen).isoformat() if seen else None}
            for code, name, seen in offline.order_by("last_seen_at", "code")
            .values_list("code", "name", "last_seen_at")[:limit]],
    }
