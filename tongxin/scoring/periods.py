"""Report periods: a day (日分析), an ISO week from Monday (周总结), a calendar month (月通报)."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core.dates import parse_month

from .models import ReportKind


def bounds(kind: str, day: date) -> tuple[date, date]:
    """[start, end) of the period of `kind` that contains `day`."""
    if kind == ReportKind.DAILY:
        return day, day + timedelta(days=1)
    if kind == ReportKind.WEEKLY:
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=7)
    if kind == ReportKind.MONTHLY:
        start = day.replace(day=1)
        return start, (start + timedelta(days=32)).replace(day=1)
    raise ValueError(f"unknown report kind: {kind}")


PATTERNS: dict[str, re.Pattern[str]] = {
    ReportKind.DAILY: re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"),
    ReportKind.WEEKLY: re.compile(r"^(\d{4})-W(\d{2})$"),
    ReportKind.MONTHLY: re.compile(r"^(\d{4})-(\d{2})$"),
}
EXAMPLES: dict[str, str] = {ReportKind.DAILY: "2026-10-05", ReportKind.WEEKLY: "2026-W40",
            ReportKind.MONTHLY: "2026-10"}


def parse(kind: str, text: str) -> tuple[date, date]:
    """The period written as 2026-10-05, 2026-W40 or 2026-10; ValueError with a message in
    the user's language (the report form shows it as it is)."""
    if kind == ReportKind.MONTHLY and (first := parse_month(text)) is not None:
        text = first.strftime("%Y-%m")  # 2026年12月, as the zh-Hans month input shows it
    match = PATTERNS[kind].match(text.strip()) if kind in PATTERNS else None
    what = ReportKind(kind).label if kind in ReportKind.values else kind
    if match is None:
        raise ValueError(_("Write the period of the %(kind)s like %(example)s.") % {
            "kind": what, "example": EXAMPLES.get(kind, "2026-10")})
    numbers = [int(g) for g in match.groups()]
    try:
        if kind == ReportKind.WEEKLY:
            day = date.fromisocalendar(numbers[0], numbers[1], 1)
        else:
            day = date(numbers[0], numbers[1], numbers[2] if len(numbers) > 2 else 1)
    except ValueError:
        raise ValueError(_("There is no such period of the %(kind)s: %(text)s.") % {
            "kind": what, "text": text}) from None
    return bounds(kind, day)


def previous(kind: str, today: date) -> tuple[date, date]:
    """The last complete period before `today` (what the schedule reports on)."""
    start, _end = bounds(kind, today)
    return bounds(kind, start - timedelta(days=1))


def aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def label(kind: str, start: date) -> str:
    if kind == ReportKind.DAILY:
        return start.isoformat()
    if kind == ReportKind.WEEKLY:
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    return start.strftime("%Y-%m")
