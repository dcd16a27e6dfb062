"""Query-string parsing for the analytics endpoints: a bad value is a clear 400, not a 500."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.cases.models import Channel, Status

from .geo import MapFilters
from .scope import Filters

DEFAULT_MAP_DAYS = 30


class BadParameter(ValueError):
    pass


class Params:
    def __init__(self, data: QueryDict) -> None:
        self.data = data

    def text(self, name: str) -> str:
        return (self.data.get(name) or "").strip()

    def choice(self, name: str, allowed: Iterable[str], default: str = "") -> str:
        value = self.text(name) or default
        if value and value not in set(allowed):
            raise BadParameter(_("Unknown value for %(name)s: %(value)s")
                               % {"name": name, "value": value})
        return value

    def integer(self, name: str, low: int | None = None, high: int | None = None) -> int | None:
        value = self.text(name)
        if not value:
            return None
        try:
            number = int(value)
        except ValueError:
            raise BadParameter(_("%(name)s must be a whole number") % {"name": name}) from None
        if (low is not None and number < low) or (high is not None and number > high):
            raise BadParameter(_("%(name)s is out of range") % {"name": name})
        return number

    def day(self, name: str) -> date | None:
        value = self.text(name)
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise BadParameter(_("%(name)s must be a date (YYYY-MM-DD)") % {"name": name}) from None

    def zoom(self) -> int:
        return self.integer("zoom", 0, 22) or 12

    def bbox(self) -> tuple[float, float, float, float] | None:
        value = self.text("bbox")
        if not value:
            return None
        try:
            west, south, east, north = (float(x) for x in value.split(","))
        except ValueError:
            raise BadParameter(_("bbox must be west,south,east,north")) from None
        if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
            raise BadParameter(_("bbox must be west,south,east,north"))
        return west, south, east, north

    def map_filters(self) -> MapFilters:
        until = self.day("until")
        since = self.day("since")
        if since is None and until is None:
            since = timezone.localdate() - timedelta(days=DEFAULT_MAP_DAYS - 1)
        if since and until and since > until:
            raise BadParameter(_("since must not be after until"))
        return MapFilters(
            since=since, until=until, category=self.integer("category", 1),
            status=self.choice("status", ["open", *Status.values]),
            channel=self.choice("channel", Channel.values), region=self.integer("region", 1),
        )

    def dashboard_filters(self) -> Filters:
        return Filters(street=self.integer("street", 1), category=self.integer("category", 1),
                       channel=self.choice("channel", Channel.values))
