"""Working days follow the official 2026 schedule that the chinesecalendar package carries.

The State Council's 2026 notice, as the package has it (checked with
chinese_calendar.get_holiday_detail for every day of September–October 2026):

    Mid-Autumn Festival 中秋节   Fri 25 – Sun 27 September, off
    National Day 国庆节           Thu 1 – Wed 7 October, off
    make-up workdays 调休上班     Sun 20 September and Sat 10 October
    (Sun 11 October is an ordinary day off.)

A limit of N working days ends at close of office (17:30) on the N-th working day after the
day the clock starts (the start day itself does not count: "5个工作日内办结").
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from tongxin.sla.calendar import WorkCalendar, add_limit, add_working_days, has_schedule

SH = ZoneInfo("Asia/Shanghai")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=SH)


@pytest.fixture
def cal(db) -> WorkCalendar:
    return WorkCalendar()


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 9, 18), True),  # Fri, ordinary
        (date(2026, 9, 19), False),  # Sat, ordinary weekend
        (date(2026, 9, 20), True),  # Sun, make-up workday for National Day
        (date(2026, 9, 24), True),  # Thu before Mid-Autumn
        (date(2026, 9, 25), False),  # Fri, Mid-Autumn Festival
        (date(2026, 9, 27), False),  # Sun, Mid-Autumn holiday
        (date(2026, 9, 28), True),  # Mon
        (date(2026, 9, 30), True),  # Wed before National Day
        (date(2026, 10, 1), False),  # Thu, National Day
        (date(2026, 10, 5), False),  # Mon, inside the National Day holiday
        (date(2026, 10, 7), False),  # Wed, last day of the holiday
        (date(2026, 10, 8), True),  # Thu, back to work
        (date(2026, 10, 10), True),  # Sat, make-up workday
        (date(2026, 10, 11), False),  # Sun, ordinary day off
        (date(2026, 10, 12), True),  # Mon
    ],
)
def test_the_2026_autumn_schedule(cal, day, working):
    assert cal.is_workday(day) is working


@pytest.mark.parametrize(
    ("start", "days", "deadline"),
    [
        # Thu 24 Sep + 1: Fri 25–Sun 27 are Mid-Autumn → Mon 28 Sep.
        (at(2026, 9, 24, 10), 1, at(2026, 9, 28, 17, 30)),
        # Fri 18 Sep + 1: Sat 19 off, Sun 20 is a make-up workday → Sun 20 Sep.
        (at(2026, 9, 18, 10), 1, at(2026, 9, 20, 17, 30)),
        # Mon 21 Sep + 5: Tue 22, Wed 23, Thu 24, [25–27 off], Mon 28, Tue 29 → Tue 29 Sep.
        (at(2026, 9, 21, 10), 5, at(2026, 9, 29, 17, 30)),
        # Wed 30 Sep + 1: 1–7 Oct off → Thu 8 Oct.
        (at(2026, 9, 30, 10), 1, at(2026, 10, 8, 17, 30)),
        # Wed 30 Sep + 3: Thu 8, Fri 9, Sat 10 (make-up) → Sat 10 Oct.
        (at(2026, 9, 30, 10), 3, at(2026, 10, 10, 17, 30)),
        # Wed 30 Sep + 4: … Sat 10, [Sun 11 off], Mon 12 → Mon 12 Oct.
        (at(2026, 9, 30, 10), 4, at(2026, 10, 12, 17, 30)),
        # Reported on a holiday (Sat 3 Oct) + 1: the first working day after it, Thu 8 Oct.
        (at(2026, 10, 3, 10), 1, at(2026, 10, 8, 17, 30)),
        # Reported on the make-up Sunday 20 Sep + 1 → Mon 21 Sep.
        (at(2026, 9, 20, 10), 1, at(2026, 9, 21, 17, 30)),
        # Mon 21 Sep + 15: 22 23 24 28 29 30 (6), 8 9 10 (9), 12 13 14 15 16 (14), 19 (15).
        (at(2026, 9, 21, 10), 15, at(2026, 10, 19, 17, 30)),
    ],
)
def test_working_days_count_the_official_calendar(cal, start, days, deadline):
    assert add_working_days(start, days, cal) == deadline
    assert add_limit(start, days, "working_days", cal) == deadline


def test_the_start_day_is_the_local_day(cal):
    # 17:00 UTC on Tue 29 Sep is 01:00 on Wed 30 Sep in Shanghai: the clock starts on the
    # 30th, so one working day later is Thu 8 Oct, not Wed 30 Sep.
    start = datetime(2026, 9, 29, 17, 0, tzinfo=UTC)
    assert add_working_days(start, 1, cal) == at(2026, 10, 8, 17, 30)


def test_zero_working_days_is_close_of_office_of_the_start_day(cal):
    assert add_working_days(at(2026, 9, 21, 10), 0, cal) == at(2026, 9, 21, 17, 30)


def test_natural_hours_ignore_the_calendar(cal):
    start = at(2026, 9, 30, 22)
    assert add_limit(start, 24, "natural_hours", cal) == at(2026, 10, 1, 22)


def test_an_unknown_unit_is_a_programming_error(cal):
    with pytest.raises(ValueError, match="unknown time-limit unit"):
        add_limit(at(2026, 9, 21, 10), 1, "fortnights", cal)


def test_2026_has_a_schedule(db):
    assert has_schedule(2026)
