"""撤回 and 改派: the dispatcher takes back a dispatched case the unit has not signed for, or
sends a case to another lead unit with a reason. Both are rows of the transition table, land
on the trail and tell every unit concerned: the one the case left and the one it goes to."""

from __future__ import annotations

import pytest

from tongxin.cases.models import Case
from tongxin.cases.workflow import IllegalTransition, State
from tongxin.core.errors import PermissionDenied, ValidationFailed
from tongxin.notifications.models import Notification

from .loop import act, drive, local

T0 = local(2026, 9, 21, 10)


def told(case, verb: str) -> set[str]:
    return set(Notification.objects.filter(case=case, verb=verb)
               .values_list("user__username", flat=True))


def test_recall_takes_a_dispatched_case_back_to_the_dispatch_queue(world):
    case = drive(world, State.REGISTERED, at=T0)
    act(world, case, "dispatch", "street_a", at=T0, lead_department=world.departments["cg"],
        co_departments=[world.departments["zj"]])
    case = act(world, case, "recall", "street_a", at=T0, note="派错单位")
    case.refresh_from_db()
    assert case.status == State.REGISTERED
    assert case.lead_department is None and case.finish_deadline is None
    assert not case.co_departments.exists()
    event = case.events.last()
    assert (event.action, event.from_status, event.note) == ("recall", "dispatched", "派错单位")
    # Lead and co-handler both hear it; the dispatcher who did it does not.
    assert told(case, "recall") == {"handler", "handler_zj"}
    # Back in the queue: it can be dispatched again, to the right unit.
    act(world, case, "dispatch", "street_a", at=T0, lead_department=world.departments["zj"])


def test_recall_is_refused_once_the_unit_has_signed_for_the_case(world):
    case = drive(world, State.IN_PROGRESS, at=T0)
    with pytest.raises(IllegalTransition):
        act(world, case, "recall", "street_a", note="派错单位")
    assert Case.objects.get(pk=case.pk).status == State.IN_PROGRESS


def test_only_the_command_center_may_recall_or_reassign(world):
    case = drive(world, State.DISPATCHED, at=T0)
    with pytest.raises(PermissionDenied):
        act(world, case, "recall", "handler", note="不想办")
    with pytest.raises(PermissionDenied):
        act(world, case, "reassign", "handler", note="不想办",
            lead_department=world.departments["zj"])


@pytest.mark.parametrize("state", [State.DISPATCHED, State.IN_PROGRESS])
def test_reassign_sends_the_case_to_another_unit_which_signs_for_it_afresh(world, state):
    case = drive(world, state, at=T0)
    later = local(2026, 9, 22, 10)
    case = act(world, case, "reassign", "street_a", at=later, note="属住建职责",
               lead_department=world.departments["zj"])
    case.refresh_from_db()
    assert case.status == State.DISPATCHED and case.accepted_at is None
    assert case.lead_department == world.departments["zj"]
    assert case.dispatched_at == later and case.finish_deadline > later
    event = case.events.last()
    assert event.action == "reassign" and event.note == "属住建职责"
    assert event.data["from"] == world.departments["cg"].name
    assert event.data["to"] == world.departments["zj"].name
    assert told(case, "reassign") == {"handler", "handler_zj"}
    # The new unit can now sign for it; the old one no longer sees it.
    act(world, case, "accept", "handler_zj")


def test_reassign_needs_a_reason_and_another_unit(world):
    case = drive(world, State.DISPATCHED, at=T0)
    with pytest.raises(ValidationFailed):
        act(world, case, "reassign", "street_a", lead_department=world.departments["zj"])
    with pytest.raises(ValidationFailed):
        act(world, case, "reassign", "street_a", note="改派",
            lead_department=world.departments["cg"])
    assert Case.objects.get(pk=case.pk).lead_department == world.departments["cg"]
