"""Working days and hours on the official Chinese calendar.

Which days are working days: an administrator-entered CalendarDay wins; otherwise the
chinesecalendar package (holidays and make-up workdays 调休); for a year that neither knows
the calendar falls back to Monday–Friday with New Year's Day off and logs a warning. It never
raises at intake: a missing schedule must not stop a citizen's report.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import chinese_calendar
from django.conf import settings
from django.utils import timezone

from tongxin.core.cache import ProcessCache

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OfficeHours:
    """Office intervals of one working day, e.g. 09:00-12:00 and 13:30-17:30."""

    intervals: tuple[tuple[time, time], ...]

    @classmethod
    def parse(cls, text: str) -> OfficeHours:
        spans = []
        for part in text.split(","):
            start, end = part.strip().split("-")
            spans.append((time.fromisoformat(start), time.fromisoformat(end)))
        return cls(tuple(sorted(spans)))

    @property
    def close(self) -> time:
        return self.intervals[-1][1]


def office_hours() -> OfficeHours:
    return OfficeHours.parse(settings.TONGXIN_OFFICE_HOURS)


def _load_overrides() -> dict[date, bool]:
    from .models import CalendarDay

    return dict(CalendarDay.objects.values_list("date", "is_workday"))


# Read on every dispatch and close; changes a few times a year (tongxin.core.cache).
_OVERRIDES = ProcessCache(_load_overrides, ttl=60, watch=["sla.CalendarDay"])


def _overrides() -> dict[date, bool]:
    return _OVERRIDES.get()  # shared: read it, never change it


class WorkCalendar:
    """Answers `is_workday` for any date; build one per computation (it caches overrides)."""

    def __init__(self, overrides: dict[date, bool] | None = None) -> None:
        self.overrides = _overrides() if overrides is None else overrides
        self.fallback_years: set[int] = set()

    def is_workday(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        if day.year in _package_years():
            return chinese_calendar.is_workday(day)
        weekday = day.weekday() < 5
        if any(d.year == day.year for d in self.overrides):
            # An administrator entered this year's notice; it lists only the exceptions.
            return weekday
        if day.year not in self.fallback_years:
            self.fallback_years.add(day.year)
            log.warning("no official holiday schedule for %s: using Monday–Friday", day.year)
        return weekday and not (day.month == 1 and day.day == 1)

    def next_workday(self, day: date) -> date:
        day += timedelta(days=1)
        while not self.is_workday(day):
            day += timedelta(days=1)
        return day


@lru_cache(maxsize=1)
def _package_years() -> frozenset[int]:
    return frozenset(d.year for d in chinese_calendar.holidays)


def has_schedule(year: int) -> bool:
    """Whether the calendar knows the official schedule of `year` (else it falls back)."""
    from .models import CalendarDay

    return year in _package_years() or CalendarDay.objects.filter(date__year=year).exists()


def add_working_days(start: datetime, days: int, cal: WorkCalendar | None = None) -> datetime:
    """Close of office on the `days`-th working day after the start day (the start day is not
    counted, as in "5个工作日内办结")."""
    cal = cal or WorkCalendar()
    local = timezone.localtime(start)
    day = local.date()
    for _ in range(days):
        day = cal.next_workday(day)
    return timezone.make_aware(datetime.combine(day, office_hours().close))


def add_working_hours(start: datetime, hours: float, cal: WorkCalendar | None = None) -> datetime:
    """`start` plus `hours` counted only inside office hours of working days."""
    cal = cal or WorkCalendar()
    hours_spec = office_hours()
    local = timezone.localtime(start)
    remaining = timedelta(hours=hours)
    day = local.date()
    if not cal.is_workday(day):
        day, local = cal.next_workday(day), None  # type: ignore[assignment]
    while True:
        for open_t, close_t in hours_spec.intervals:
            span_start = timezone.make_aware(datetime.combine(day, open_t))
            span_end = timezone.make_aware(datetime.combine(day, close_t))
            if local is not None and local > span_start:
                span_start = min(local, span_end)
            available = span_end - span_start
            # An empty span (start after closing) must not end the count before the start.
            if remaining <= available and available > timedelta(0):
                return span_start + remaining
            remaining -= available
        day, local = cal.next_workday(day), None  # type: ignore[assignment]


def add_limit(start: datetime, value: int, unit: str, cal: WorkCalendar | None = None) -> datetime:
    """The deadline for a limit of `value` `unit`s (see sla.models.Unit) from `start`."""
    if unit == "natural_hours":
        return start + timedelta(hours=value)
    if unit == "working_hours":
        return add_working_hours(start, value, cal)
    if unit == "working_days":
        return add_working_days(start, value, cal)
    raise ValueError(f"unknown time-limit unit: {unit}")


def working_time_between(start: datetime, end: datetime,
                         cal: WorkCalendar | None = None) -> timedelta:
    """How much office time of working days lies between `start` and `end` (zero if end is
    not later). Used to measure a pause of the clock in the units the limit is counted in."""
    if end <= start:
        return timedelta(0)
    cal = cal or WorkCalendar()
    spec = office_hours()
    first, last = timezone.localtime(start), timezone.localtime(end)
    total = timedelta(0)
    day = first.date()
    while day <= last.date():
        if cal.is_workday(day):
            for open_t, close_t in spec.intervals:
                span_start = max(first, timezone.make_aware(datetime.combine(day, open_t)))
                span_end = min(last, timezone.make_aware(datetime.combine(day, close_t)))
                if span_end > span_start:
                    total += span_end - span_start
        day += timedelta(days=1)
    return total
