"""Patrol coverage (巡查覆盖率) of grid workers: the share of the period's working days on
which the worker finished the required number of patrols (一日双巡: 2 by default,
settings.TONGXIN_PATROLS_PER_DAY). A patrol counts on the local day it started, and only
once it has ended. Days come from the official working-day calendar (tongxin.sla), so
weekends and public holidays neither help nor hurt; days after `as_of` are not yet due.

The counting is SQL: patrols grouped by (worker, day) with HAVING count ≥ required, and an
outer query counting those days per worker. Python only lists the period's working days."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from tongxin.fieldapp.models import Patrol
from tongxin.sla.calendar import WorkCalendar

DEFAULT_PATROLS_PER_DAY = 2


def patrols_per_day() -> int:
    return int(getattr(settings, "TONGXIN_PATROLS_PER_DAY", DEFAULT_PATROLS_PER_DAY))


def working_days(start: datetime, end: datetime) -> list[date]:
    """The working days whose local date lies in [start, end)."""
    tz = ZoneInfo(settings.TIME_ZONE)
    first = start.astimezone(tz).date()
    last = (end - timedelta(microseconds=1)).astimezone(tz).date()
    cal = WorkCalendar()
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [d for d in days if cal.is_workday(d)]


def covered_days(workers: list[int], *, start: datetime, end: datetime,
                 days: list[date]) -> dict[int, int]:
    """{worker id: number of `days` with at least the required finished patrols}."""
    if not days or not workers:
        return {}
    tz = ZoneInfo(settings.TIME_ZONE)
    per_day = (
        Patrol.objects.filter(worker_id__in=workers, ended_at__isnull=False,
                              started_at__gte=start, started_at__lt=end)
        .annotate(day=TruncDate("started_at", tzinfo=tz))
        .filter(day__in=days)
        .values("worker_id", "day").annotate(n=Count("pk")).filter(n__gte=patrols_per_day())
        .values("worker_id").order_by()
    )
    sql, params = per_day.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT worker_id, COUNT(*) FROM ({sql}) d GROUP BY worker_id", params)
        return dict(cursor.fetchall())


def patrol_coverage(workers: list[int], *, start: datetime, end: datetime,
                    as_of: datetime | None = None) -> tuple[int, dict[int, int]]:
    """(working days due in the period, {worker id: covered days}); days after `as_of` are
    not due yet."""
    until = min(end, as_of or timezone.now())
    days = working_days(start, until) if until > start else []
    return len(days), covered_days(workers, start=start, end=until, days=days)
