"""After each action the side that must act next hears about it in the in-app inbox. The
inbox row is written in the action's own transaction (the bus's in-transaction phase), so it
commits with the action or not at all: no refused or rolled-back action announces itself, and
a process that dies right after the commit loses nothing. The actor is never told."""

from __future__ import annotations

import pytest
from django.db import transaction

from tongxin.cases.models import Rating
from tongxin.cases.workflow import IllegalTransition, State
from tongxin.notifications.models import Notification
from tongxin.notifications.services import unread_count

from .loop import act, drive, local, report

T0 = local(2026, 9, 21, 10)
UNTIL = local(2026, 12, 1, 17, 30)


def told(case, verb: str) -> set[str]:
    return set(Notification.objects.filter(case=case, verb=verb)
               .values_list("user__username", flat=True))


def test_a_report_reaches_the_street_command_center(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        case = report(world, at=T0)
        # Already written, before any commit callback ran.
        assert told(case, "report") == {"street_a"}
    assert unread_count(world.users["street_a"].pk) == 1
    note = Notification.objects.get(case=case)
    assert case.number in note.message and note.created_at == T0
    assert len(callbacks) <= 1  # at most the after-commit phase (merged-case relay)


def test_a_report_at_district_level_reaches_the_district(world):
    case = report(world, region=world.district, point=None, at=T0)
    assert told(case, "report") == {"dispatcher"}


NEXT_ACTOR = [
    (State.REGISTERED, "dispatch", "street_a", {"lead": "cg"}, {"handler"}),
    (State.DISPATCHED, "return", "handler", {"note": "非本单位"}, {"street_a"}),
    (State.IN_PROGRESS, "reply", "handler", {"note": "已修复"}, {"street_a"}),
    (State.IN_PROGRESS, "extend_request", "handler", {"note": "延期", "until": UNTIL},
     {"street_a"}),
    (State.REPLIED, "verify_fail", "street_a", {"note": "未修复"}, {"handler"}),
    (State.REGISTERED, "adjudicate", "leader", {"note": "研判"}, {"street_a"}),
    (State.REGISTERED, "escalate", "street_a", {"note": "上报"}, {"dispatcher"}),
    # The loop's own end steps and sign-for tell nobody; a bare `supervise` event neither:
    # the supervision order it comes with tells the unit (tests/supervision).
    (State.IN_PROGRESS, "supervise", "supervisor", {"note": "督办"}, set()),
    (State.DISPATCHED, "accept", "handler", {}, set()),
    (State.REPLIED, "verify_pass", "street_a", {}, set()),
    (State.CLOSED, "rate", "citizen", {"rating": Rating.SATISFIED}, set()),
]


@pytest.mark.parametrize(
    ("state", "action", "user", "inputs", "expected"), NEXT_ACTOR,
    ids=[f"{a}-tells-{'+'.join(sorted(e)) or 'nobody'}" for _, a, _, _, e in NEXT_ACTOR],
)
def test_the_next_actor_hears_of_it(world, state, action, user, inputs, expected):
    case = drive(world, state, at=T0)
    if "lead" in inputs:
        inputs = {"lead_department": world.departments[inputs["lead"]]}
    act(world, case, action, user, **inputs)
    assert told(case, action) == expected


def test_co_handlers_hear_of_the_dispatch_too(world):
    case = drive(world, State.REGISTERED, at=T0)
    act(world, case, "dispatch", "street_a", lead_department=world.departments["zj"],
        co_departments=[world.departments["cg"]])
    assert told(case, "dispatch") == {"handler", "handler_zj"}


def test_extension_decisions_and_reopening_reach_the_unit(world):
    case = drive(world, State.IN_PROGRESS, at=T0)
    act(world, case, "extend_request", "handler", note="延期", until=UNTIL)
    act(world, case, "extend_approve", "street_a")
    assert told(case, "extend_approve") == {"handler"}

    # 不满意 reworks the case by the engine's rule: the unit hears of the reopening.
    case = drive(world, State.CLOSED, at=T0)
    act(world, case, "rate", "citizen", rating=Rating.UNSATISFIED)
    assert told(case, "reopen") == {"handler"}


def test_a_rolled_back_action_leaves_no_notification(world):
    case = drive(world, State.REGISTERED, at=T0)
    with pytest.raises(RuntimeError), transaction.atomic():
        act(world, case, "dispatch", "street_a", lead_department=world.departments["cg"])
        assert told(case, "dispatch") == {"handler"}
        raise RuntimeError("the request failed after the action")
    assert told(case, "dispatch") == set()


def test_a_refused_action_sends_nothing(world):
    case = drive(world, State.REGISTERED, at=T0)
    with pytest.raises(IllegalTransition):
        act(world, case, "accept", "dispatcher")
    assert not Notification.objects.filter(case=case).exclude(verb="report").exists()


def test_the_actor_is_not_told_of_their_own_action(world):
    case = report(world, reporter="street_a", at=T0)  # a dispatcher files a case himself
    assert told(case, "report") == set()
