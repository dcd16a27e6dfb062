"""A year whose official schedule neither the chinesecalendar package nor an administrator
knows falls back to Monday–Friday with 1 January off, logs a warning once, and never raises:
a missing schedule must not stop a citizen's report or a dispatch.

2099 is used because no package release will carry it for a long time; 2028 (the year after
the next) is checked too while the package does not know it yet.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest

from tongxin.sla.calendar import WorkCalendar, _package_years, add_working_days, has_schedule

SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def quick_world(db, settings):
    # The hasher first: build_world's eleven users cost ~0.5 s each with PBKDF2.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from tests.world import build_world

    return build_world()
LOGGER = "tongxin.sla.calendar"


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=SH)


def test_the_package_really_lacks_the_year():
    assert 2099 not in _package_years()
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(2099, 1, 2))  # what the fallback protects us from


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2099, 1, 1), False),  # Thu, New Year's Day: off even without a schedule
        (date(2099, 1, 2), True),  # Fri
        (date(2099, 1, 3), False),  # Sat
        (date(2099, 1, 4), False),  # Sun
        (date(2099, 1, 5), True),  # Mon
        (date(2099, 10, 1), True),  # Thu: National Day is unknown without the year's notice
    ],
)
def test_weekdays_work_and_new_years_day_is_off(db, day, working):
    assert WorkCalendar().is_workday(day) is working


def test_a_warning_is_logged_once_per_calendar_and_year(db, caplog):
    cal = WorkCalendar()
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        for d in range(1, 28):
            cal.is_workday(date(2099, 2, d))
        cal.is_workday(date(2098, 5, 4))
    warnings = [r for r in caplog.records if r.name == LOGGER and r.levelno == logging.WARNING]
    assert len(warnings) == 2
    assert "2099" in warnings[0].getMessage() and "2098" in warnings[1].getMessage()


def test_deadlines_are_computed_without_an_exception(db, caplog):
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        # Wed 31 Dec 2098 + 2 working days: Thu 1 Jan off, Fri 2 Jan (1), [Sat, Sun], Mon 5 (2).
        assert add_working_days(at(2098, 12, 31, 10), 2) == at(2099, 1, 5, 17, 30)
    assert any("2099" in r.getMessage() for r in caplog.records)


def test_has_schedule_says_the_calendar_is_guessing(db):
    assert not has_schedule(2099)
    assert has_schedule(2026)


def test_a_dispatch_in_a_year_without_schedule_still_gets_deadlines(quick_world):
    world = quick_world
    from tongxin.cases import services
    from tongxin.cases.services import ActionInput, NewCase

    street_a = world.user("street_a")
    case = services.create_case(actor=None, at=at(2099, 1, 2, 10),
                                new=NewCase(channel="hotline", title="路灯不亮",
                                            region=world.grids["A1"]))
    services.act(case_id=case.pk, actor=street_a, action="register", at=at(2099, 1, 2, 10))
    case = services.act(case_id=case.pk, actor=world.user("street_a"), action="dispatch",
                        at=at(2099, 1, 2, 10),
                        data=ActionInput(lead_department=world.departments["cg"]))
    # Fri 2 Jan + 5 working days: Mon 5 … Fri 9 Jan 2099.
    assert case.finish_deadline == at(2099, 1, 9, 17, 30)


@pytest.mark.skipif(2028 in _package_years(), reason="the package now carries 2028")
def test_2028_falls_back_too(db, caplog):
    cal = WorkCalendar()
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert cal.is_workday(date(2028, 1, 1)) is False  # Sat (and New Year's Day)
        assert cal.is_workday(date(2028, 1, 3)) is True  # Mon
        assert cal.is_workday(date(2028, 10, 2)) is True  # Mon: no National Day known
        assert cal.is_workday(date(2028, 10, 7)) is False  # Sat
    assert any("2028" in r.getMessage() for r in caplog.records)
