"""A smoke-detector profile and devices in the test world, and events to feed them."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from django.utils import timezone

from tongxin.sensing.ingest import Event
from tongxin.sensing.models import Device, Profile, Rule

_ids = itertools.count(1)


def smoke_profile(**rule) -> Profile:
    profile = Profile.objects.create(name=f"烟感-{next(_ids)}", heartbeat_s=60)
    Rule.objects.create(profile=profile, event_type="smoke", alarm_type="fire", title="烟感火警",
                        severity="critical", op="ge", threshold=1, clear_op="le",
                        clear_threshold=0, urgent=True, **rule)
    return profile


def device(world, profile: Profile, code: str = "SMK-1") -> Device:
    return Device.objects.create(code=code, name=f"{code} 1号楼", profile=profile,
                                 grid=world.grids["A1"], lat=34.05, lng=117.1)


def smoke(code: str, value: float, n: int, *, start: datetime | None = None,
          prefix: str = "m") -> list[Event]:
    start = start or timezone.now()
    return [Event(device=code, msg_id=f"{prefix}{i}", ts=start + timedelta(seconds=i),
                  type="smoke", value=value) for i in range(n)]
