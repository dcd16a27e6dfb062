"""Reads of the device channel: devices on the map with their live state."""

from __future__ import annotations

from tongxin.accounts.models import User
from tongxin.accounts.permissions import VIEW
from tongxin.basedata.access import base_filter

from .models import OPEN_ALARM, Alarm, Device


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
