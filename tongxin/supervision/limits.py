"""How long a unit has to answer a supervision order in writing (configurable)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings

from tongxin.sla.calendar import WorkCalendar, add_limit

# settings.TONGXIN_SUPERVISION_REPLY = (value, unit) with the units of sla.models.Unit.
DEFAULT_REPLY = (2, "working_days")


def reply_due(now: datetime, cal: WorkCalendar | None = None) -> datetime:
    value, unit = getattr(settings, "TONGXIN_SUPERVISION_REPLY", DEFAULT_REPLY)
    return add_limit(now, int(value), unit, cal)
