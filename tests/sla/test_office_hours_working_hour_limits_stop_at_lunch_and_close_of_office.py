"""Working-hour limits count only office hours (default 09:00–12:00 and 13:30–17:30) of
working days: the consultation policy gives 4 working hours to sign for a case."""

import pytest

from tests.supervision.helpers import dispatched, fast_passwords, local  # noqa: F401


@pytest.mark.parametrize(
    ("dispatched_at", "sign_for_by"),
    [
        (local(2026, 9, 30, 11), local(2026, 9, 30, 16, 30)),  # 1 h before lunch, 3 h after
        (local(2026, 9, 30, 12, 30), local(2026, 9, 30, 17, 30)),  # lunch: starts at 13:30
        (local(2026, 9, 30, 13, 30), local(2026, 9, 30, 17, 30)),  # exactly at reopening
        (local(2026, 9, 30, 8), local(2026, 9, 30, 14, 30)),  # before opening
        (local(2026, 9, 30, 16), local(2026, 10, 8, 11, 30)),  # 1.5 h, then after the holiday
        (local(2026, 9, 30, 17, 30), local(2026, 10, 8, 14, 30)),  # at close: none left today
        (local(2026, 10, 3, 10), local(2026, 10, 8, 14, 30)),  # reported during the holiday
    ],
)
def test_sign_for_deadline_in_working_hours(world, dispatched_at, sign_for_by):
    case = dispatched(world, dispatched_at, policy="consultation")

    assert case.accept_deadline == sign_for_by


def test_office_hours_are_configurable(world, settings):
    settings.TONGXIN_OFFICE_HOURS = "08:30-12:00,14:00-18:00"

    case = dispatched(world, local(2026, 9, 29, 11), policy="consultation")

    assert case.accept_deadline == local(2026, 9, 29, 17)  # 1 h + 3 h from 14:00
    assert case.finish_deadline == local(2026, 9, 30, 18)  # close of office the next day
