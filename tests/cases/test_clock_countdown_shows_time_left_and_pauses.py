"""clock_of(case) gives pages the countdown: time left, share of the time used, and whether
the clock runs or waits for an extension decision."""

from datetime import timedelta

from tests.supervision.helpers import act, fast_passwords, in_progress, local  # noqa: F401
from tongxin.cases.countdown import clock_of


def test_countdown(world):
    case = in_progress(world, local(2026, 11, 16, 9))  # due Mon 23rd 17:30

    clock = clock_of(case, now=local(2026, 11, 23, 9))
    assert clock.running and not clock.paused
    assert clock.remaining == timedelta(hours=8, minutes=30)
    assert 0.9 < clock.share_used < 1

    late = clock_of(case, now=local(2026, 11, 24, 9))
    assert late.remaining < timedelta(0) and late.share_used > 1

    act(world, case, "extend_request", "handler", local(2026, 11, 20, 9), note="协调",
        until=local(2026, 11, 30, 17, 30))
    case.refresh_from_db()
    paused = clock_of(case, now=local(2026, 11, 20, 10))
    assert paused.paused and not paused.running
