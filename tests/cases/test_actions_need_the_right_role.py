"""An action needs a role that holds its permission, over the case, in the row's scope.
A user who sees the case but lacks the power gets PermissionDenied; a user who cannot even see
it gets Case.DoesNotExist (a guessed id looks like a missing one). Either way nothing changes."""

from __future__ import annotations

import pytest

from tongxin.accounts.models import Membership, Role, User
from tongxin.cases.models import Case, Rating
from tongxin.cases.selectors import available_actions
from tongxin.cases.workflow import Action, State
from tongxin.core.errors import PermissionDenied

from .loop import (
    act,
    drive,
    local,
    rated_unsatisfied_before_the_rule,
    report,
    snapshot,
)

T0 = local(2026, 9, 21, 10)


def refused(world, case, action, user, error, **inputs):
    before = snapshot(case)
    with pytest.raises(error):
        act(world, case, action, user, **inputs)
    assert snapshot(case) == before


# (state the case is in, action, user, inputs) a user who SEES the case may not take.
SEEN_BUT_FORBIDDEN = [
    (State.DISPATCHED, "accept", "street_a", {}),  # a dispatcher cannot sign for a unit
    (State.IN_PROGRESS, "reply", "supervisor", {"note": "已办结"}),
    (State.IN_PROGRESS, "reply", "street_a", {"note": "已办结"}),
    (State.REGISTERED, "dispatch", "operator", {"lead": "cg"}),  # operators register, not send
    (State.REGISTERED, "dispatch", "leader", {"lead": "cg"}),
    (State.REGISTERED, "dispatch", "supervisor", {"lead": "cg"}),
    (State.REGISTERED, "dispatch", "admin", {"lead": "cg"}),
    (State.REPORTED, "register", "grid_a1", {}),
    (State.REPORTED, "register", "citizen", {}),  # a citizen follows their case, no more
    (State.REPORTED, "close_on_spot", "street_a", {"note": "已处理"}),
    (State.REPLIED, "verify_pass", "handler", {}),  # a unit cannot approve its own work
    (State.REPLIED, "verify_pass", "citizen", {}),
    (State.IN_PROGRESS, "extend_approve", "handler", {}),
    (State.IN_PROGRESS, "supervise", "handler", {"note": "自己督办自己"}),
    (State.IN_PROGRESS, "supervise", "street_a", {"note": "督办"}),
    (State.CLOSED, "refer", "street_a", {"note": "移交"}),
    (State.CLOSED, "reopen", "citizen", {"note": "不满意"}),
    (State.REGISTERED, "adjudicate", "operator", {"note": "研判"}),
]


@pytest.mark.parametrize(("state", "action", "user", "inputs"), SEEN_BUT_FORBIDDEN,
                         ids=[f"{u}-{a}-{s}" for s, a, u, _ in SEEN_BUT_FORBIDDEN])
def test_a_user_who_sees_the_case_but_lacks_the_power_is_refused(world, state, action, user,
                                                                  inputs):
    if action == "reopen":
        case = rated_unsatisfied_before_the_rule(world, at=T0)
    elif action == "extend_approve":
        case = drive(world, State.IN_PROGRESS, at=T0)
        act(world, case, "extend_request", "handler", note="延期", until=local(2026, 12, 1))
    else:
        case = drive(world, state, at=T0)
    if "lead" in inputs:
        inputs = {"lead_department": world.departments[inputs.pop("lead")]}
    refused(world, case, action, user, PermissionDenied, **inputs)


def test_a_handler_cannot_dispatch_a_case_it_cannot_even_see(world):
    # Before dispatch no department is on the case, so the handler's jurisdiction is empty.
    case = drive(world, State.REGISTERED, at=T0)
    refused(world, case, "dispatch", "handler", Case.DoesNotExist,
            lead_department=world.departments["cg"])


def test_the_handler_of_another_department_cannot_accept(world):
    case = drive(world, State.DISPATCHED, at=T0)  # led by 城管 (cg)
    refused(world, case, "accept", "handler_zj", Case.DoesNotExist)
    refused(world, case, "return", "handler_zj", Case.DoesNotExist, note="不是我们的")


def test_a_co_handler_sees_the_case_but_only_the_lead_signs_for_and_replies(world):
    case = drive(world, State.REGISTERED, at=T0)
    act(world, case, "dispatch", "street_a", lead_department=world.departments["cg"],
        co_departments=[world.departments["zj"]])
    refused(world, case, "accept", "handler_zj", PermissionDenied)
    refused(world, case, "return", "handler_zj", PermissionDenied, note="协办不退")
    act(world, case, "accept", "handler")
    refused(world, case, "reply", "handler_zj", PermissionDenied, note="协办办结")
    refused(world, case, "extend_request", "handler_zj", PermissionDenied, note="延期",
            until=local(2026, 12, 1))


def test_a_citizen_rates_only_their_own_case(world):
    other = User.objects.create_user(username="citizen2", password="x")
    Membership.objects.create(user=other, role=Role.CITIZEN)
    world.users["citizen2"] = other
    mine = drive(world, State.CLOSED, at=T0)
    refused(world, mine, "rate", "citizen2", Case.DoesNotExist, rating=Rating.SATISFIED)
    act(world, mine, "rate", "citizen", rating=Rating.SATISFIED)
    mine.refresh_from_db()
    assert mine.rating == Rating.SATISFIED


def test_staff_of_the_area_may_rate_on_the_callers_behalf(world):
    # A hotline case has no citizen account: the operator records the caller's rating.
    case = drive(world, State.CLOSED, at=T0, reporter="operator", channel="hotline")
    assert case.reporter_user is None
    act(world, case, "rate", "operator", rating=Rating.BASICALLY)
    case.refresh_from_db()
    assert case.rating == Rating.BASICALLY


def test_a_grid_worker_closes_on_the_spot_only_in_their_own_grid(world):
    here = report(world, at=T0)
    act(world, here, "close_on_spot", "grid_a1", note="已清理")
    elsewhere = report(world, at=T0, point=(34.15, 117.1))  # grid A2
    refused(world, elsewhere, "close_on_spot", "grid_a1", Case.DoesNotExist, note="已清理")


def test_an_inactive_user_can_do_nothing(world):
    case = drive(world, State.REGISTERED, at=T0)
    User.objects.filter(username="street_a").update(is_active=False)
    refused(world, case, "dispatch", "street_a", Case.DoesNotExist,
            lead_department=world.departments["cg"])


def test_reporting_needs_the_create_permission(world):
    from tongxin.cases import services

    with pytest.raises(PermissionDenied):
        services.create_case(actor=world.user("handler"),
                             new=services.NewCase(channel="portal", title="x",
                                                  region=world.grids["A1"]))
    assert not Case.objects.exists()


EXPECTED_OFFERS = {
    # state: {user: actions offered on a grid-A1 case}
    State.REPORTED: {
        # 秒转快办: the 12345 centre gives a dispute to mediation at once.
        # 一键启动预案: the command centre may start an emergency plan from any live case.
        "street_a": {"register", "reject", "merge", "answer", "escalate",
                     "transfer_to_mediation", "start_plan"},
        "dispatcher": {"register", "reject", "merge", "answer", "escalate",
                       "transfer_to_mediation", "start_plan"},
        "operator": {"register", "answer", "transfer_to_mediation"},
        "grid_a1": {"close_on_spot"},
        "supervisor": {"supervise", "refer"},
        "citizen": set(),
    },
    State.DISPATCHED: {
        # The dispatcher may take it back or send it elsewhere until the unit signs for it.
        # 吹哨报到: the street calls departments to a dispatched case.
        "street_a": {"recall", "reassign", "transfer_to_mediation", "start_plan", "whistle"},
        "handler": {"accept", "return"},  # hand_back / pass_on: mediation organisations only
        "supervisor": {"supervise", "refer"},
        "leader": {"supervise", "start_plan"},
    },
    State.REPLIED: {
        "street_a": {"verify_pass", "verify_fail", "start_plan"},
        "grid_a1": {"verify_pass", "verify_fail"},
        "handler": set(),
    },
}


@pytest.mark.parametrize("state", list(EXPECTED_OFFERS), ids=str)
def test_available_actions_offer_exactly_what_the_user_may_do(world, state):
    case = drive(world, state, at=T0)
    case = Case.objects.select_related("owner_region").get(pk=case.pk)
    for user, expected in EXPECTED_OFFERS[state].items():
        offered = {row.action.value for row in
                   available_actions(world.user(user), case, rework_limit=2)}
        assert offered == expected, user
        assert all(Action(a) for a in offered)
