"""Escalation (琐事不出网格、小事不出村居、大事不出街道 — and what is bigger goes up) moves the
case's command center from the street to the district: the street dispatcher may no longer
take command of it (dispatch, reject, merge, adjudicate …), the district's
command center may, and the district is told."""

from __future__ import annotations

import pytest

from tongxin.cases.models import Case
from tongxin.cases.selectors import available_actions, get_case
from tongxin.cases.workflow import BY_ACTION, Scope, State
from tongxin.core.errors import PermissionDenied
from tongxin.notifications.models import Notification

from .loop import act, drive, local, report, snapshot

T0 = local(2026, 9, 21, 10)


@pytest.fixture
def escalated(world) -> Case:
    case = drive(world, State.REGISTERED, at=T0)
    act(world, case, "escalate", "street_a", note="涉及两个街道，请区指挥中心协调")
    case.refresh_from_db()
    return case


def test_escalation_hands_the_case_to_the_district(world, escalated):
    assert escalated.owner_region == world.district
    assert escalated.status == State.REGISTERED  # escalation keeps the state
    assert escalated.street == world.streets["A"]  # the place does not move


@pytest.mark.parametrize(
    ("action", "inputs"),
    [("dispatch", {"lead": "cg"}), ("reject", {"note": "不受理"}),
     ("adjudicate", {"note": "研判"}), ("merge", {"master": True})],
)
def test_the_street_dispatcher_can_no_longer_command_it(world, escalated, action, inputs):
    if "lead" in inputs:
        inputs = {"lead_department": world.departments[inputs["lead"]]}
    if "master" in inputs:
        inputs = {"master": drive(world, State.REGISTERED, at=T0)}
    before = snapshot(escalated)
    with pytest.raises(PermissionDenied):
        act(world, escalated, action, "street_a", **inputs)
    assert snapshot(escalated) == before


def test_the_street_still_sees_it_but_is_offered_no_command_action(world, escalated):
    street_a = world.user("street_a")
    case = get_case(street_a, pk=escalated.pk)  # the case is still in street A's area
    offered = {row.action for row in available_actions(street_a, case, rework_limit=2)}
    assert not {a for a in offered if BY_ACTION[a].scope is Scope.COMMAND}


def test_the_district_dispatcher_takes_it_from_there(world, escalated):
    case = act(world, escalated, "dispatch", "dispatcher",
               lead_department=world.departments["cg"])
    assert case.status == State.DISPATCHED
    case = act(world, case, "accept", "handler")
    assert case.status == State.IN_PROGRESS


def test_the_district_command_center_is_notified(world, django_capture_on_commit_callbacks):
    case = drive(world, State.REGISTERED, at=T0)
    with django_capture_on_commit_callbacks(execute=True):
        act(world, case, "escalate", "street_a", note="请区里协调")
    told = set(Notification.objects.filter(case=case, verb="escalate")
               .values_list("user__username", flat=True))
    assert told == {"dispatcher"}


def test_a_street_b_case_escalated_is_still_invisible_to_street_a(world):
    case = report(world, point=(34.05, 117.3), at=T0)
    act(world, case, "escalate", "street_b", note="上报")
    with pytest.raises(Case.DoesNotExist):
        get_case(world.user("street_a"), pk=case.pk)
