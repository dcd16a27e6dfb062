"""Calendar days an administrator enters (CalendarDay) win over the chinesecalendar package,
so a locally announced closure or next year's notice counts at once — in deadlines too."""

from __future__ import annotations

import logging
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tongxin.sla.calendar import WorkCalendar, add_working_days, has_schedule
from tongxin.sla.models import CalendarDay

SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def quick_world(db, settings):
    # The hasher first: build_world's eleven users cost ~0.5 s each with PBKDF2.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from tests.world import build_world

    return build_world()


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=SH)


def test_an_entered_day_off_wins_over_a_package_workday(db):
    CalendarDay.objects.create(date=date(2026, 9, 22), is_workday=False, note="台风停工")
    cal = WorkCalendar()
    assert cal.is_workday(date(2026, 9, 22)) is False
    # Mon 21 Sep + 1 working day now skips Tue 22 → Wed 23.
    assert add_working_days(at(2026, 9, 21, 10), 1, cal) == at(2026, 9, 23, 17, 30)


def test_an_entered_workday_wins_over_a_package_holiday(db):
    CalendarDay.objects.create(date=date(2026, 10, 5), is_workday=True, note="应急值守")
    cal = WorkCalendar()
    assert cal.is_workday(date(2026, 10, 5)) is True
    assert cal.is_workday(date(2026, 10, 6)) is False  # the rest of the holiday stands
    # Wed 30 Sep + 1 working day: Mon 5 Oct.
    assert add_working_days(at(2026, 9, 30, 10), 1, cal) == at(2026, 10, 5, 17, 30)


def test_a_calendar_reads_the_entries_when_it_is_built(db):
    cal = WorkCalendar()
    CalendarDay.objects.create(date=date(2026, 9, 22), is_workday=False)
    assert cal.is_workday(date(2026, 9, 22)) is True  # built before the entry
    assert WorkCalendar().is_workday(date(2026, 9, 22)) is False


def test_explicit_overrides_need_no_database():
    cal = WorkCalendar(overrides={date(2026, 9, 21): False})
    assert cal.is_workday(date(2026, 9, 21)) is False
    assert cal.is_workday(date(2026, 9, 22)) is True


def test_next_years_notice_entered_by_hand_replaces_the_fallback(db, caplog):
    # The notice for 2099 lists only exceptions: 1–2 Jan off (Thu, Fri), Sun 4 Jan worked.
    CalendarDay.objects.bulk_create([
        CalendarDay(date=date(2099, 1, 1), is_workday=False, note="元旦"),
        CalendarDay(date=date(2099, 1, 2), is_workday=False, note="元旦"),
        CalendarDay(date=date(2099, 1, 4), is_workday=True, note="调休上班"),
    ])
    cal = WorkCalendar()
    with caplog.at_level(logging.WARNING, logger="tongxin.sla.calendar"):
        assert [cal.is_workday(date(2099, 1, d)) for d in range(1, 8)] == [
            False, False, False, True, True, True, True,  # Thu Fri Sat Sun Mon Tue Wed
        ]
        assert cal.is_workday(date(2099, 10, 1)) is True  # an ordinary Thursday: not listed
    assert not caplog.records, "an entered schedule is not a guess: no warning"
    assert has_schedule(2099)


def test_dispatch_deadlines_use_the_entered_days(quick_world):
    world = quick_world
    from tongxin.cases import services
    from tongxin.cases.services import ActionInput, NewCase

    CalendarDay.objects.create(date=date(2026, 9, 22), is_workday=False, note="台风停工")
    t0 = at(2026, 9, 21, 10)
    case = services.create_case(actor=None, at=t0, new=NewCase(
        channel="hotline", title="路灯不亮", region=world.grids["A1"]))
    services.act(case_id=case.pk, actor=world.user("street_a"), action="register", at=t0)
    case = services.act(case_id=case.pk, actor=world.user("street_a"), action="dispatch", at=t0,
                        data=ActionInput(lead_department=world.departments["cg"]))
    # general policy from Mon 21 Sep: sign for by Wed 23 (22 is off); finish within 5:
    # Wed 23, Thu 24, [25–27 Mid-Autumn], Mon 28, Tue 29, Wed 30 → Wed 30 Sep.
    assert case.accept_deadline == at(2026, 9, 23, 17, 30)
    assert case.finish_deadline == at(2026, 9, 30, 17, 30)


@pytest.mark.parametrize("is_workday", [True, False])
def test_one_entry_per_date(db, is_workday):
    from django.db import IntegrityError, transaction

    CalendarDay.objects.create(date=date(2026, 9, 22), is_workday=is_workday)
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarDay.objects.create(date=date(2026, 9, 22), is_workday=not is_workday)
