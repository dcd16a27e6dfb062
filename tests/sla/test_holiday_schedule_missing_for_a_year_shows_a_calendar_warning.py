"""Pages show a banner when this or next year has no official holiday schedule (the
chinesecalendar tables end with 2026); entering the year's days in the admin clears it."""

from datetime import date

from django.utils import translation

from tongxin.sla.models import CalendarDay
from tongxin.sla.selectors import calendar_warnings


def test_next_year_without_a_schedule_is_announced(db):
    with translation.override("en"):
        warnings = calendar_warnings(date(2026, 11, 22))

    assert len(warnings) == 1
    assert "2027" in warnings[0] and "Monday to Friday" in warnings[0]


def test_a_year_inside_the_package_needs_no_warning(db):
    assert calendar_warnings(date(2025, 3, 1)) == []


def test_entering_the_official_notice_clears_the_warning(db):
    CalendarDay.objects.create(date=date(2027, 2, 6), is_workday=False, note="春节")

    assert calendar_warnings(date(2026, 11, 22)) == []
    assert len(calendar_warnings(date(2027, 6, 1))) == 1  # 2028 now

