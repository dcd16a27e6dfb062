"""National Day 2026: Oct 1–7 off, Sunday Sep 20 and Saturday Oct 10 worked, and Friday
Sep 25 (Mid-autumn) off. Deadlines count the make-up days and skip the holidays."""

from tests.supervision.helpers import dispatched, fast_passwords, local, warnings_of  # noqa: F401
from tongxin.cases.sweep import sweep


def test_general_case_dispatched_the_day_before_national_day(world):
    case = dispatched(world, local(2026, 9, 30, 10))

    # Oct 8 (1), Oct 9 (2), Saturday Oct 10 (3, make-up), Oct 12 (4), Oct 13 (5).
    assert case.finish_deadline == local(2026, 10, 13, 17, 30)
    assert case.accept_deadline == local(2026, 10, 8, 17, 30)

    for day in range(1, 8):
        sweep(now=local(2026, 10, day, 18))
    assert warnings_of(case) == []

    sweep(now=local(2026, 10, 13, 17, 31))
    assert warnings_of(case) == ["warn_red"]


def test_the_make_up_sunday_before_the_holiday_is_a_working_day(world):
    case = dispatched(world, local(2026, 9, 19, 10), policy="consultation")  # a Saturday

    # Consultation: 1 working day to finish. Sunday Sep 20 is worked.
    assert case.finish_deadline == local(2026, 9, 20, 17, 30)


def test_mid_autumn_friday_and_the_weekend_are_skipped(world):
    case = dispatched(world, local(2026, 9, 24, 10), policy="consultation")

    assert case.finish_deadline == local(2026, 9, 28, 17, 30)
