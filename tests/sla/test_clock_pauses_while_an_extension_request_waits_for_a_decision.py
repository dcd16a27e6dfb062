"""While an extension request waits for the command center, the clock stands still: no
warning is raised, and a denial moves the deadlines later by the working time the request
waited."""

from tests.supervision.helpers import act, fast_passwords, in_progress, local, warnings_of  # noqa: F401
from tongxin.cases.models import CaseEvent
from tongxin.cases.sweep import sweep


def test_denied_extension_gives_back_the_paused_working_time(world):
    case = in_progress(world, local(2026, 11, 16, 9))  # Monday; due Mon 23rd 17:30
    assert case.finish_deadline == local(2026, 11, 23, 17, 30)
    assert case.yellow_at == local(2026, 11, 20, 16, 6)

    act(world, case, "extend_request", "handler", local(2026, 11, 20, 10),
        note="需协调供电部门", until=local(2026, 11, 30, 17, 30))
    case.refresh_from_db()
    assert case.extension_requested_at == local(2026, 11, 20, 10)

    # Past both marks, but the clock is paused: nothing is raised.
    assert sweep(now=local(2026, 11, 24, 9, 59)) == {"red": 0, "yellow": 0}
    assert warnings_of(case) == []

    act(world, case, "extend_deny", "street_a", local(2026, 11, 24, 10), note="不予延期")
    case.refresh_from_db()

    # Paused: Fri 10:00–17:30 (6 h office), Mon 7 h, Tue 09:00–10:00 1 h = 14 working hours.
    assert case.finish_deadline == local(2026, 11, 25, 17, 30)
    assert case.yellow_at == local(2026, 11, 24, 16, 6)
    assert case.extension_requested_at is None and not case.extension_pending
    deny = CaseEvent.objects.filter(case=case, action="extend_deny").get()
    assert deny.data["finish_deadline"] == local(2026, 11, 25, 17, 30).isoformat()

    sweep(now=local(2026, 11, 24, 16, 5))
    assert warnings_of(case) == []
    sweep(now=local(2026, 11, 24, 16, 6))
    assert warnings_of(case) == ["warn_yellow"]
    sweep(now=local(2026, 11, 25, 17, 30))
    assert warnings_of(case) == ["warn_yellow", "warn_red"]


def test_a_pause_outside_office_hours_moves_nothing(world):
    case = in_progress(world, local(2026, 11, 16, 9))

    act(world, case, "extend_request", "handler", local(2026, 11, 20, 18),
        note="需协调", until=local(2026, 11, 30, 17, 30))
    act(world, case, "extend_deny", "street_a", local(2026, 11, 23, 8, 30), note="不予延期")
    case.refresh_from_db()

    assert case.finish_deadline == local(2026, 11, 23, 17, 30)
    assert case.yellow_at == local(2026, 11, 20, 16, 6)


def test_an_urgent_case_pauses_in_natural_hours(world):
    case = in_progress(world, local(2026, 11, 21, 10), urgent=True)  # Saturday
    assert case.finish_deadline == local(2026, 11, 22, 10)

    act(world, case, "extend_request", "handler", local(2026, 11, 21, 12),
        note="抢修中", until=local(2026, 11, 23, 10))
    act(world, case, "extend_deny", "street_a", local(2026, 11, 21, 15), note="尽快完成")
    case.refresh_from_db()

    assert case.finish_deadline == local(2026, 11, 22, 13)  # + 3 h, weekend or not


def test_a_mark_already_passed_before_the_request_stays(world):
    case = in_progress(world, local(2026, 11, 16, 9))
    sweep(now=local(2026, 11, 20, 16, 30))
    assert warnings_of(case) == ["warn_yellow"]

    act(world, case, "extend_request", "handler", local(2026, 11, 20, 17),
        note="需协调", until=local(2026, 11, 30, 17, 30))
    act(world, case, "extend_deny", "street_a", local(2026, 11, 23, 10), note="不予延期")
    case.refresh_from_db()

    assert case.yellow_at == local(2026, 11, 20, 16, 6)  # it was due before the pause
    assert case.finish_deadline == local(2026, 11, 24, 10, 30)  # + 0.5 h Fri + 1 h Mon
