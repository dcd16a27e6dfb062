"""Query parameters of GET requests, checked with a clear message for each mistake."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from . import queries

# GeoReport v2: "the range defaults to the most recent 90 days" and "may not span more".
MAX_SPAN = timedelta(days=90)
DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE = 100, 1000
MAX_LIST = 100  # comma-separated ids or codes in one query
MIN_YEAR, MAX_YEAR = 1970, 2200


class BadRequest(Exception):
    """A parameter is wrong; the message says which and why (HTTP 400)."""


@dataclass(frozen=True)
class RequestQuery:
    numbers: list[str]
    codes: list[str]
    start: datetime | None
    end: datetime | None
    statuses: list[str]
    page: int
    page_size: int


def comma_list(value: str | None, name: str) -> list[str]:
    items = [v.strip() for v in (value or "").split(",") if v.strip()]
    if len(items) > MAX_LIST:
        raise BadRequest(
            _("Give at most %(n)d values in %(name)s.") % {"n": MAX_LIST, "name": name}
        )
    for item in items:
        if len(item) > 40 or "\x00" in item:
            raise BadRequest(_("%(name)s contains an invalid value.") % {"name": name})
    return items


def w3c_datetime(value: str | None, name: str) -> datetime | None:
    if not value:
        return None
    zone = ZoneInfo(settings.TIME_ZONE)
    try:
        parsed = parse_datetime(value.strip())
        if parsed is None and (day := parse_date(value.strip())) is not None:
            parsed = datetime.combine(day, time.min)
    except ValueError:
        parsed = None
    # Far-off years are mistakes, and near year 1 or 9999 a time-zone shift overflows.
    if parsed is None or not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise BadRequest(
            _("%(name)s must be a W3C datetime such as 2026-01-31T00:00:00+08:00.")
            % {"name": name}
        )
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)


def positive_int(value: str | None, name: str, default: int, maximum: int) -> int:
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except ValueError:
        number = 0
    if not 1 <= number <= maximum:
        raise BadRequest(
            _("%(name)s must be a whole number from 1 to %(max)d.") % {"name": name, "max": maximum}
        )
    return number


def parse(query: QueryDict) -> RequestQuery:
    check_jurisdiction(query.get("jurisdiction_id"))
    numbers = comma_list(query.get("service_request_id"), "service_request_id")
    codes = comma_list(query.get("service_code"), "service_code")
    unknown = sorted(set(codes) - queries.known_codes(codes))
    if unknown:
        raise BadRequest(_("Unknown service_code: %(codes)s.") % {"codes": ", ".join(unknown)})
    statuses = comma_list(query.get("status"), "status")
    if any(s not in ("open", "closed") for s in statuses):
        raise BadRequest(_("status must be open, closed or both (comma-separated)."))
    start = w3c_datetime(query.get("start_date"), "start_date")
    end = w3c_datetime(query.get("end_date"), "end_date")
    if not numbers:
        start, end = _window(start, end)
    return RequestQuery(
        numbers=numbers, codes=codes, start=start, end=end, statuses=statuses,
        page=positive_int(query.get("page"), "page", 1, 100_000),
        page_size=positive_int(query.get("page_size"), "page_size", DEFAULT_PAGE_SIZE,
                               MAX_PAGE_SIZE),
    )


def _window(start: datetime | None, end: datetime | None) -> tuple[datetime, datetime]:
    if start and end:
        if end < start:
            raise BadRequest(_("end_date is before start_date."))
        if end - start > MAX_SPAN:
            raise BadRequest(_("start_date and end_date may not span more than 90 days."))
        return start, end
    if start:
        return start, start + MAX_SPAN
    end = end or timezone.now()
    return end - MAX_SPAN, end


def check_jurisdiction(value: str | None) -> None:
    """jurisdiction_id is optional; when given it must be one of ours (a root region code)."""
    if value and value not in queries.jurisdictions():
        raise BadRequest(_("Unknown jurisdiction_id “%(id)s”.") % {"id": value[:40]})
