"""Spring Festival 2026 (Feb 15–23 off, Saturdays Feb 14 and 28 worked): a general case
dispatched on Friday Feb 13 counts Sat Feb 14, then Feb 24–27, and is due Feb 27 17:30.
Frozen time: every step runs at an explicit moment."""

from tests.supervision.helpers import dispatched, fast_passwords, local, warnings_of  # noqa: F401
from tongxin.cases.sweep import sweep


def test_general_case_over_spring_festival(world):
    case = dispatched(world, local(2026, 2, 13, 10))

    assert case.accept_deadline == local(2026, 2, 14, 17, 30)  # the make-up Saturday
    assert case.finish_deadline == local(2026, 2, 27, 17, 30)
    # 80 % of the 41 office hours between dispatch and deadline, not of the 14 calendar days
    # (which would warn on Feb 24, after only two working days).
    assert case.yellow_at == local(2026, 2, 26, 16, 18)

    sweep(now=local(2026, 2, 23, 23, 59))  # last day of the holiday
    sweep(now=local(2026, 2, 26, 16, 17))
    assert warnings_of(case) == []

    sweep(now=local(2026, 2, 26, 16, 18))
    assert warnings_of(case) == ["warn_yellow"]

    sweep(now=local(2026, 2, 27, 17, 29))
    assert warnings_of(case) == ["warn_yellow"]
    sweep(now=local(2026, 2, 27, 17, 30))
    assert warnings_of(case) == ["warn_yellow", "warn_red"]


def test_urgent_case_runs_around_the_clock_through_the_holiday(world):
    case = dispatched(world, local(2026, 2, 16, 8), urgent=True)  # 初一

    assert case.accept_deadline == local(2026, 2, 16, 10)
    assert case.finish_deadline == local(2026, 2, 17, 8)
    assert case.yellow_at == local(2026, 2, 17, 3, 12)  # 80 % of 24 h

    sweep(now=local(2026, 2, 17, 8))
    assert warnings_of(case) == ["warn_red"]  # straight to red: no late yellow after it
