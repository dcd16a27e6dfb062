"""An action missing an input it needs (or given an inconsistent one) raises ValidationFailed
with a message for the user, and nothing changes."""

from __future__ import annotations

import pytest

from tests.mediation.centre import build_centre
from tongxin.cases import services
from tongxin.cases.models import Case, CaseEvent, Rating
from tongxin.cases.workflow import TABLE, State
from tongxin.core.errors import ValidationFailed
from tongxin.sla.models import TimeLimitPolicy

from .loop import (
    act,
    drive,
    local,
    rated_unsatisfied_before_the_rule,
    report,
    snapshot,
)

T0 = local(2026, 9, 21, 10)
PENDING = "in_progress with an extension request"
UNSATISFIED = "closed and rated unsatisfied"
MEDIATING = "in_progress with the A1 mediation committee"

MISSING = [
    # (state, action, user, inputs that leave out or spoil what the action needs)
    (State.REPORTED, "reject", "street_a", {}),
    (State.REPORTED, "reject", "street_a", {"note": "   "}),  # blank is missing
    (State.REGISTERED, "merge", "street_a", {}),
    (State.REPORTED, "answer", "operator", {}),
    (State.REPORTED, "close_on_spot", "grid_a1", {}),
    (State.REGISTERED, "dispatch", "street_a", {}),
    (State.REGISTERED, "dispatch", "street_a", {"co_departments": ["zj"]}),  # co but no lead
    (State.REGISTERED, "escalate", "street_a", {}),
    (State.REGISTERED, "adjudicate", "street_a", {}),
    (State.DISPATCHED, "recall", "street_a", {}),
    (State.DISPATCHED, "reassign", "street_a", {"note": "派错单位"}),
    (State.DISPATCHED, "reassign", "street_a", {"lead_department": "zj"}),
    (State.DISPATCHED, "return", "handler", {}),
    (State.DISPATCHED, "return", "handler", {"note": "\n"}),
    (State.IN_PROGRESS, "extend_request", "handler", {"until": local(2026, 12, 1)}),
    (State.IN_PROGRESS, "extend_request", "handler", {"note": "需采购"}),
    (PENDING, "extend_deny", "street_a", {}),
    (State.IN_PROGRESS, "reply", "handler", {}),
    (State.IN_PROGRESS, "supervise", "supervisor", {}),
    (State.IN_PROGRESS, "refer", "supervisor", {}),
    (State.REPLIED, "verify_fail", "street_a", {}),
    (UNSATISFIED, "reopen", "street_a", {}),
    (State.CLOSED, "rate", "citizen", {}),
    (State.CLOSED, "rate", "citizen", {"rating": "great"}),
    (State.REGISTERED, "transfer_to_mediation", "street_a", {"note": "邻里纠纷"}),
    (MEDIATING, "hand_back", "med_li", {}),
    (MEDIATING, "pass_on", "med_li", {"note": "转住建"}),
    (MEDIATING, "pass_on", "med_li", {"lead_department": "zj"}),
    (State.REGISTERED, "start_plan", "street_a", {"level": 3}),
    (State.REGISTERED, "start_plan", "street_a", {"plan": 1}),
    (State.REGISTERED, "start_plan", "street_a", {"plan": 1, "level": 5}),  # no such level
    (State.IN_PROGRESS, "whistle", "street_a", {"note": "请报到"}),  # no department named
]


def refused(world, case, action, user, **inputs):
    before = snapshot(case)
    with pytest.raises(ValidationFailed) as caught:
        act(world, case, action, user, **inputs)
    assert str(caught.value)  # a message the front end can show
    assert snapshot(case) == before


def test_every_required_input_is_exercised():
    exercised = {(a, name) for _, a, _, inputs in MISSING for name in ("note", "until",
                 "lead_department", "master", "rating", "plan", "level", "co_departments")
                 if name not in inputs}
    for row in TABLE:
        for name in row.requires:
            assert (row.action, name) in exercised, (row.action, name)


@pytest.mark.parametrize(("state", "action", "user", "inputs"), MISSING,
                         ids=[f"{a}-{i and '+'.join(i) or 'nothing'}"
                              for _, a, _, i in MISSING])
def test_missing_input_is_refused_and_nothing_changes(world, state, action, user, inputs):
    if state == PENDING:
        case = drive(world, State.IN_PROGRESS, at=T0)
        act(world, case, "extend_request", "handler", note="需采购", until=local(2026, 12, 1))
    elif state == UNSATISFIED:
        case = rated_unsatisfied_before_the_rule(world, at=T0)
    elif state == MEDIATING:
        centre = build_centre(world)
        case = drive(world, State.REGISTERED, at=T0)
        act(world, case, "transfer_to_mediation", "street_a",
            lead_department=centre.committee.department)
        case = act(world, case, "accept", "med_li")
    else:
        case = drive(world, state, at=T0)
    inputs = dict(inputs)
    if "co_departments" in inputs:
        inputs["co_departments"] = [world.departments[c] for c in inputs["co_departments"]]
    refused(world, case, action, user, **inputs)


def test_a_case_cannot_be_merged_into_itself(world):
    case = drive(world, State.REGISTERED, at=T0)
    refused(world, case, "merge", "street_a", master=case)


def test_a_case_cannot_be_merged_into_a_closed_one(world):
    master = drive(world, State.REJECTED, at=T0)
    case = drive(world, State.REGISTERED, at=T0)
    refused(world, case, "merge", "street_a", master=master)


def test_a_case_cannot_be_merged_into_one_the_dispatcher_cannot_see(world):
    master = report(world, at=T0, point=(34.05, 117.3))  # open, in street B
    case = drive(world, State.REGISTERED, at=T0)
    refused(world, case, "merge", "street_a", master=master)


def test_an_extension_must_move_the_deadline_later(world):
    case = drive(world, State.IN_PROGRESS, at=T0)
    assert case.finish_deadline == local(2026, 9, 29, 17, 30)
    refused(world, case, "extend_request", "handler", note="延期", until=local(2026, 9, 29, 17))
    refused(world, case, "extend_request", "handler", note="延期",
            until=local(2026, 9, 29, 17, 30))


def test_dispatch_without_a_time_limit_policy_is_refused(world):
    case = drive(world, State.REGISTERED, at=T0)
    TimeLimitPolicy.objects.filter(name="general").delete()
    refused(world, case, "dispatch", "street_a", lead_department=world.departments["cg"],
            co_departments=[world.departments["zj"]])


def test_a_report_needs_a_title(world):
    with pytest.raises(ValidationFailed):
        report(world, title="  ")
    assert not Case.objects.exists() and not CaseEvent.objects.exists()


def test_a_report_needs_a_place_when_there_are_several_districts(world):
    from tongxin.regions.models import Level, Region

    Region.objects.create(code="370403", name="另一区", level=Level.DISTRICT)
    with pytest.raises(ValidationFailed):
        report(world, point=None)
    with pytest.raises(ValidationFailed):
        report(world, point=(10.0, 10.0))  # far outside every polygon
    assert not Case.objects.exists()


def test_a_rating_outside_the_three_choices_is_refused(world):
    case = drive(world, State.CLOSED, at=T0)
    for bad in ("", "SATISFIED", "5"):
        refused(world, case, "rate", "citizen", rating=bad)
    act(world, case, "rate", "citizen", rating=Rating.UNSATISFIED)
    assert services.rework_limit() == 2
