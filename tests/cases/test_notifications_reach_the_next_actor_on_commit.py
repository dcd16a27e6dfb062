"""After each action the side that must act next hears about it in the in-app inbox — only
once the transaction commits, never for a refused action, and never the actor themself."""

from __future__ import annotations

import pytest

from tongxin.cases.models import Rating
from tongxin.cases.workflow import IllegalTransition, State
from tongxin.notifications.models import Notification
from tongxin.notifications.services import unread_count

from .loop import act, close_rated, drive, local, report

T0 = local(2026, 9, 21, 10)
UNTIL = local(2026, 12, 1, 17, 30)


def told(case, verb: str) -> set[str]:
    return set(Notification.objects.filter(case=case, verb=verb)
               .values_list("user__username", flat=True))


def test_a_report_reaches_the_street_command_center(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        case = report(world, at=T0)
    assert len(callbacks) == 2  # the inbox, and the outbound queue (webhooks, SMS)
    assert told(case, "report") == {"street_a"}
    assert unread_count(world.users["street_a"].pk) == 1
    message = Notification.objects.get(case=case).message
    assert case.number in message


def test_a_report_at_district_level_reaches_the_district(world,
                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
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
def test_the_next_actor_hears_of_it(world, django_capture_on_commit_callbacks, state, action,
                                    user, inputs, expected):
    case = drive(world, state, at=T0)
    if "lead" in inputs:
        inputs = {"lead_department": world.departments[inputs["lead"]]}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        act(world, case, action, user, **inputs)
    assert len(callbacks) == 2  # the inbox, and the outbound queue (webhooks, SMS)
    assert told(case, action) == expected


def test_extension_decisions_and_reopening_reach_the_unit(world,
                                                          django_capture_on_commit_callbacks):
    case = drive(world, State.IN_PROGRESS, at=T0)
    act(world, case, "extend_request", "handler", note="延期", until=UNTIL)
    with django_capture_on_commit_callbacks(execute=True):
        act(world, case, "extend_approve", "street_a")
    assert told(case, "extend_approve") == {"handler"}

    case = close_rated(world, Rating.UNSATISFIED, at=T0)
    with django_capture_on_commit_callbacks(execute=True):
        act(world, case, "reopen", "street_a", note="重办")
    assert told(case, "reopen") == {"handler"}


def test_nothing_is_sent_before_the_commit(world, django_capture_on_commit_callbacks):
    case = drive(world, State.REGISTERED, at=T0)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        act(world, case, "dispatch", "street_a", lead_department=world.departments["cg"])
    assert len(callbacks) == 2  # the inbox, and the outbound queue (webhooks, SMS)
    assert not Notification.objects.filter(case=case, verb="dispatch").exists()
    callbacks[0]()  # what the commit would run
    assert told(case, "dispatch") == {"handler"}


def test_a_refused_action_sends_nothing(world, django_capture_on_commit_callbacks):
    case = drive(world, State.REGISTERED, at=T0)
    with (django_capture_on_commit_callbacks(execute=True) as callbacks,
          pytest.raises(IllegalTransition)):
        act(world, case, "accept", "dispatcher")
    assert callbacks == []
    assert not Notification.objects.filter(case=case).exclude(verb="report").exists()


def test_the_actor_is_not_told_of_their_own_action(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = report(world, reporter="street_a", at=T0)  # a dispatcher files a case himself
    assert told(case, "report") == set()
