"""Every (state, action) pair the table does not allow raises IllegalTransition and leaves the
case exactly as it was: same row (status, updated_at and every other field), same
co-handlers, same events, no notification.

One case per state takes every illegal action in turn (one subtest per pair): since a refused
action changes nothing, the case is still a faithful example of its state for the next one."""

from __future__ import annotations

import pytest

from tongxin.cases.models import Rating
from tongxin.cases.selectors import visible_cases
from tongxin.cases.workflow import TABLE, Action, IllegalTransition, State

from .loop import act, drive, local, report, snapshot

ILLEGAL = [(state, row.action) for state in State for row in TABLE if state not in row.sources]

# Who would normally take each action (so the refusal is about the state, not the role).
NATURAL_ACTOR = {
    Action.ANSWER: "operator",
    Action.CLOSE_ON_SPOT: "grid_a1",
    Action.ACCEPT: "handler",
    Action.RETURN: "handler",
    Action.EXTEND_REQUEST: "handler",
    Action.REPLY: "handler",
    Action.RATE: "citizen",
    Action.SUPERVISE: "supervisor",
    Action.REFER: "supervisor",
}


def test_the_illegal_pairs_are_the_complement_of_the_table():
    legal = sum(len(row.sources) for row in TABLE)
    assert len(ILLEGAL) + legal == len(State) * len(Action)
    assert (State.CLOSED, Action.REFER) not in ILLEGAL  # misconduct can be referred after the end
    assert (State.REJECTED, Action.RATE) in ILLEGAL


@pytest.mark.parametrize("state", list(State), ids=str)
def test_illegal_actions_raise_and_change_nothing(world, subtests, state):
    case = drive(world, state, at=local(2026, 9, 21, 10))
    inputs = {
        "note": "理由", "lead_department": world.departments["cg"],
        "co_departments": [world.departments["zj"]], "until": local(2026, 12, 31, 17, 30),
        "rating": Rating.UNSATISFIED, "master": report(world),
    }
    before = snapshot(case)
    actions = [action for s, action in ILLEGAL if s == state]
    assert actions
    for action in actions:
        with subtests.test(msg=f"{action} in {state}", action=str(action)):
            user = NATURAL_ACTOR.get(action, "street_a")
            if not visible_cases(world.user(user)).filter(pk=case.pk).exists():
                # e.g. a handler and a case without a lead department: out of sight is
                # refused before the state is looked at, so ask someone who sees everything.
                user = "dispatcher"
            with pytest.raises(IllegalTransition) as caught:
                act(world, case, action, user, **inputs)
            assert caught.value.action == action and caught.value.state == state
            assert f"'{action}' is not allowed in state '{state}'" in str(caught.value)
            assert snapshot(case) == before
