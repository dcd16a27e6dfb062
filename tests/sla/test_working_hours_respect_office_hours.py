"""Working hours run only inside office hours (default 09:00–12:00 and 13:30–17:30, seven a
day) of working days; lunch, evenings, weekends and holidays do not count."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tongxin.sla.calendar import OfficeHours, WorkCalendar, add_limit, add_working_hours

SH = ZoneInfo("Asia/Shanghai")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=SH)


@pytest.fixture
def cal(db) -> WorkCalendar:
    return WorkCalendar()


@pytest.mark.parametrize(
    ("start", "hours", "deadline"),
    [
        # Mon 21 Sep 2026 10:00 + 1 h, all in the morning span.
        (at(2026, 9, 21, 10), 1, at(2026, 9, 21, 11)),
        # 11:00 + 1 h ends exactly at the lunch break: 12:00, not 13:30.
        (at(2026, 9, 21, 11), 1, at(2026, 9, 21, 12)),
        # 11:00 + 2 h: 1 h to 12:00, lunch, 1 h from 13:30 → 14:30.
        (at(2026, 9, 21, 11), 2, at(2026, 9, 21, 14, 30)),
        # Before office (08:00) + 1 h: counting starts at 09:00 → 10:00.
        (at(2026, 9, 21, 8), 1, at(2026, 9, 21, 10)),
        # In the lunch break (12:30) + 1 h: counting starts at 13:30 → 14:30.
        (at(2026, 9, 21, 12, 30), 1, at(2026, 9, 21, 14, 30)),
        # 17:00 + 2 h: 0.5 h today, 1.5 h from 09:00 on Tue 22 → 10:30.
        (at(2026, 9, 21, 17), 2, at(2026, 9, 22, 10, 30)),
        # After office (18:00) + 1 h: the next working morning, 10:00.
        (at(2026, 9, 21, 18), 1, at(2026, 9, 22, 10)),
        # A full day is seven hours: Mon 09:00 + 7 h → Mon 17:30.
        (at(2026, 9, 21, 9), 7, at(2026, 9, 21, 17, 30)),
        # Thu 24 Sep 16:30 + 5 h: 1 h on Thursday, Mid-Autumn 25–27, 4 h on Mon 28 → 14:30.
        (at(2026, 9, 24, 16, 30), 5, at(2026, 9, 28, 14, 30)),
        # Reported on a National Day holiday (Sat 3 Oct) + 2 h → Thu 8 Oct 11:00.
        (at(2026, 10, 3, 10), 2, at(2026, 10, 8, 11)),
        # Sat 19 Sep is a day off, Sun 20 a make-up workday: Sat 10:00 + 4 h → Sun 14:30.
        (at(2026, 9, 19, 10), 4, at(2026, 9, 20, 14, 30)),
        # The consultation policy's 4 working hours to sign for, on the eve of National Day:
        # Wed 30 Sep 15:00 + 4 h: 2.5 h today, holiday 1–7 Oct, 1.5 h on Thu 8 Oct → 10:30.
        (at(2026, 9, 30, 15), 4, at(2026, 10, 8, 10, 30)),
    ],
)
def test_working_hours_count_only_office_time(cal, start, hours, deadline):
    assert add_working_hours(start, hours, cal) == deadline
    assert add_limit(start, hours, "working_hours", cal) == deadline


def test_office_hours_come_from_settings(db, settings):
    settings.TONGXIN_OFFICE_HOURS = "08:30-12:00,14:00-18:00"
    cal = WorkCalendar()
    # 17:30 + 1 h: 0.5 h until 18:00, then 0.5 h from 08:30 next morning → 09:00.
    assert add_working_hours(at(2026, 9, 21, 17, 30), 1, cal) == at(2026, 9, 22, 9)
    # 12:30 (lunch until 14:00) + 1 h → 15:00.
    assert add_working_hours(at(2026, 9, 21, 12, 30), 1, cal) == at(2026, 9, 21, 15)
    # Working days now end at the new close of office.
    assert add_limit(at(2026, 9, 21, 10), 1, "working_days", cal) == at(2026, 9, 22, 18)


def test_office_hours_parse_in_any_order():
    hours = OfficeHours.parse(" 13:30-17:30 , 09:00-12:00")
    assert [(s.isoformat(), e.isoformat()) for s, e in hours.intervals] == [
        ("09:00:00", "12:00:00"), ("13:30:00", "17:30:00"),
    ]
    assert hours.close.isoformat() == "17:30:00"


def test_fractions_of_an_hour(cal):
    assert add_working_hours(at(2026, 9, 21, 11, 45), 0.5, cal) == at(2026, 9, 21, 13, 45)


@pytest.mark.parametrize(
    ("start", "earliest"),
    [
        (at(2026, 9, 21, 10), at(2026, 9, 21, 10)),  # in office: now
        (at(2026, 9, 21, 12, 30), at(2026, 9, 21, 13, 30)),  # lunch: when the office reopens
        (at(2026, 9, 21, 18), at(2026, 9, 22, 9)),  # evening: next working morning
    ],
)
def test_a_deadline_is_never_before_its_start(cal, start, earliest):
    # A policy may say 0 working hours (PositiveIntegerField allows it): "at once". The
    # deadline must still not lie before the moment the clock started.
    assert add_working_hours(start, 0, cal) == earliest
