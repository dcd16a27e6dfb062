"""The yellow mark of a working-day limit is 80 % of the office time to the deadline, so it
lands inside office hours; the share is configurable."""

from tests.supervision.helpers import dispatched, fast_passwords, local  # noqa: F401
from tongxin.sla.clock import yellow_mark
from tongxin.sla.models import Unit


def test_general_case_turns_yellow_during_office_hours_of_the_fifth_day(world):
    case = dispatched(world, local(2026, 11, 16, 9))  # Monday 09:00

    # 5 working days: due Monday Nov 23 17:30. Office time in between: Mon 16 – Fri 20 and
    # Mon 23, 6 × 7 h = 42 h; 80 % = 33.6 h = Mon–Thu (28 h) + Friday 09:00–12:00 (3 h)
    # + 2.6 h from 13:30 → Friday 20th 16:06.
    assert case.finish_deadline == local(2026, 11, 23, 17, 30)
    assert case.yellow_at == local(2026, 11, 20, 16, 6)


def test_yellow_share_is_configurable(db, settings):
    settings.TONGXIN_YELLOW_SHARE = 0.5
    start, deadline = local(2026, 11, 16, 9), local(2026, 11, 16, 17, 30)

    # half of 7 office hours: 09:00–12:00, then 30 min after lunch
    assert yellow_mark(start, deadline, Unit.WORKING_HOURS) == local(2026, 11, 16, 14)
    assert yellow_mark(start, deadline, Unit.NATURAL_HOURS) == local(2026, 11, 16, 13, 15)
