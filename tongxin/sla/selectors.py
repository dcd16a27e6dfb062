"""Reads for pages about time limits: calendar banners."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from .calendar import has_schedule


def calendar_warnings(today: date | None = None) -> list[str]:
    """Banner texts for administrators: this year or next year has no official holiday
    schedule, so deadlines there count Monday–Friday with only New Year's Day off.

    Next year is checked too because deadlines of cases dispatched in late December already
    fall into it, and the State Council publishes the schedule only in the autumn before.
    """
    today = today or timezone.localdate()
    messages = []
    for year in (today.year, today.year + 1):
        if not has_schedule(year):
            messages.append(
                _(
                    "No official holiday schedule for %(year)s: deadlines in %(year)s count "
                    "Monday to Friday with only New Year's Day off. Enter the State Council "
                    "notice under Time limits → Calendar days."
                ) % {"year": year}
            )
    return messages
