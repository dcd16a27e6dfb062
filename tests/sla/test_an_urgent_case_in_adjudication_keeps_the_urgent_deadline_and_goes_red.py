"""Urgent never waits unclocked: an urgent case entering adjudication (研判) gets the urgent
policy's deadline there, the sweep warns it yellow and red like a running case, and the
dispatch that ends the adjudication keeps that deadline. A normal case in adjudication stays
unclocked (tests/sla/test_clock_never_runs_for_a_case_in_adjudication.py)."""

from datetime import timedelta

from tests.supervision.helpers import act, fast_passwords, local, warnings_of  # noqa: F401
from tongxin.cases import services
from tongxin.cases.countdown import clock_of
from tongxin.cases.models import Case, Channel, Status, Urgency, Warning
from tongxin.cases.services import NewCase
from tongxin.cases.sweep import sweep
from tongxin.notifications.models import Notification
from tongxin.sla.calendar import add_limit
from tongxin.sla.models import TimeLimitPolicy

POINT = (34.05, 117.1)


def adjudicated(world, at, *, urgent: bool) -> Case:
    new = NewCase(channel=Channel.HOTLINE, title="小区停水", lat=POINT[0], lng=POINT[1],
                  urgency=Urgency.URGENT if urgent else Urgency.NORMAL)
    case = services.create_case(actor=None, new=new, at=at)
    act(world, case, "register", "street_a", at)
    act(world, case, "adjudicate", "street_a", at, note="职责不清，研判")
    case.refresh_from_db()
    return case


def test_an_urgent_case_entering_adjudication_has_the_urgent_deadline(world):
    start = local(2026, 11, 16, 9)
    case = adjudicated(world, start, urgent=True)

    urgent = TimeLimitPolicy.objects.get(name="urgent")
    assert case.status == Status.ADJUDICATING
    assert case.policy == urgent
    assert case.finish_deadline == add_limit(start, urgent.finish_value, urgent.finish_unit)
    assert start < case.yellow_at < case.finish_deadline
    clock = clock_of(case, now=start + timedelta(hours=1))
    assert clock.running and clock.remaining is not None and clock.remaining > timedelta(0)


def test_the_sweep_warns_it_yellow_then_red_while_it_waits(world):
    start = local(2026, 11, 16, 9)
    case = adjudicated(world, start, urgent=True)
    assert case.finish_deadline is not None and case.yellow_at is not None

    before_yellow = case.yellow_at - timedelta(minutes=1)
    assert sweep(now=before_yellow) == {"red": 0, "yellow": 0}
    assert sweep(now=case.yellow_at) == {"red": 0, "yellow": 1}
    assert sweep(now=case.finish_deadline) == {"red": 1, "yellow": 0}

    case.refresh_from_db()
    assert case.status == Status.ADJUDICATING and case.warning == Warning.RED
    assert warnings_of(case) == ["warn_yellow", "warn_red"]
    # No unit yet: the command center deciding the case hears of both warnings.
    heard = Notification.objects.filter(user=world.users["street_a"], case_id=case.pk)
    assert sorted(heard.filter(verb__startswith="warn_").values_list("verb", flat=True)) == [
        "warn_red", "warn_yellow"]


def test_dispatching_it_keeps_the_deadline_that_ran_in_adjudication(world):
    start = local(2026, 11, 16, 9)
    case = adjudicated(world, start, urgent=True)
    deadline = case.finish_deadline
    later = start + timedelta(hours=20)

    act(world, case, "dispatch", "street_a", later, lead_department=world.departments["cg"])
    case.refresh_from_db()

    assert case.status == Status.DISPATCHED and case.dispatched_at == later
    assert case.finish_deadline == deadline


def test_a_normal_case_in_adjudication_has_no_deadline_and_is_never_warned(world):
    start = local(2026, 11, 16, 9)
    case = adjudicated(world, start, urgent=False)

    assert case.finish_deadline is None and case.yellow_at is None
    assert sweep(now=start + timedelta(days=30)) == {"red": 0, "yellow": 0}
    assert warnings_of(case) == []
