"""The transition table is complete and coherent. Pure: no database."""

from __future__ import annotations

import itertools

import pytest

from tongxin.accounts.permissions import ROLE_PERMISSIONS
from tongxin.cases import workflow
from tongxin.cases.models import Status
from tongxin.cases.services import APPLY, REQUIRED_MESSAGES
from tongxin.cases.workflow import (
    BY_ACTION,
    KIND,
    TABLE,
    Action,
    Facts,
    IllegalTransition,
    Kind,
    State,
    legal_actions,
    transition_for,
)


def test_every_state_has_a_kind():
    assert set(KIND) == set(State)
    assert {s.value for s in State} == set(Status.values)
    for status in Status:
        assert status.kind is KIND[State(status.value)]


def test_the_design_kinds():
    assert KIND[State.ADJUDICATING] is Kind.SUSPENDED
    assert {s for s in State if KIND[s] is Kind.CLOSED} == {State.CLOSED, State.REJECTED}


def test_every_action_has_exactly_one_row_and_an_applier():
    for action in Action:
        assert sum(row.action is action for row in TABLE) == 1, action
    assert set(BY_ACTION) == set(Action) == set(APPLY)


def test_every_row_names_a_permission_some_role_holds():
    granted = set().union(*ROLE_PERMISSIONS.values())
    for row in TABLE:
        assert row.permission in granted, row.action


def test_every_required_input_has_a_message():
    for row in TABLE:
        assert set(row.requires) <= set(REQUIRED_MESSAGES), row.action


def test_no_row_leaves_a_closed_state_except_rework_and_the_records():
    # From a closed case only rating, rework (reopen) and a referral are possible.
    from_closed = {row.action for row in TABLE if row.sources & {State.CLOSED, State.REJECTED}}
    assert from_closed == {Action.RATE, Action.REOPEN, Action.REFER}
    assert not any(State.REJECTED in row.sources for row in TABLE if row.action != Action.REFER)


def test_every_non_closed_state_has_a_way_out():
    for state in State:
        if KIND[state] is Kind.CLOSED:
            continue
        exits = {row.target for row in TABLE if state in row.sources} - {None, state}
        assert exits, f"{state} is a dead end"


def _reachable() -> set[State]:
    seen, frontier = {State.REPORTED}, [State.REPORTED]
    while frontier:
        state = frontier.pop()
        for row in TABLE:
            if state in row.sources and (target := row.target_from(state)) not in seen:
                seen.add(target)
                frontier.append(target)
    return seen


def test_every_state_is_reachable_from_reported():
    assert _reachable() == set(State)


def test_every_state_can_reach_a_closed_state():
    for start in State:
        seen, frontier = {start}, [start]
        while frontier:
            state = frontier.pop()
            for row in TABLE:
                if state in row.sources and (target := row.target_from(state)) not in seen:
                    seen.add(target)
                    frontier.append(target)
        assert any(KIND[s] is Kind.CLOSED for s in seen), start


def test_rows_without_target_keep_the_state():
    for row in TABLE:
        if row.target is None:
            for state in row.sources:
                assert row.target_from(state) is state


def _facts() -> list[Facts]:
    """Every combination of the facts the guards read, in every state."""
    return [
        Facts(state=s, has_lead_department=lead, extension_pending=pending, rating=rating,
              rework_count=rework, rework_limit=2, owner_is_root=root)
        for s, lead, pending, rating, rework, root in itertools.product(
            State, (False, True), (False, True), (None, "satisfied", "unsatisfied"),
            (0, 2), (False, True),
        )
    ]


def test_legal_actions_agree_with_transition_for():
    for facts in _facts():
        legal = {row.action for row in legal_actions(facts)}
        for action in Action:
            try:
                row = transition_for(action, facts)
            except IllegalTransition as exc:
                assert action not in legal, (facts, action)
                assert exc.action == action and exc.state == facts.state
                assert str(exc)  # always a readable reason
            else:
                assert action in legal, (facts, action)
                assert row is BY_ACTION[action]


def test_an_unknown_action_is_illegal_with_its_name_in_the_message():
    with pytest.raises(IllegalTransition, match="unknown action 'fly'"):
        transition_for("fly", Facts(state=State.REGISTERED))


def test_an_action_outside_its_sources_says_which_state():
    with pytest.raises(IllegalTransition, match="'accept' is not allowed in state 'reported'"):
        transition_for("accept", Facts(state=State.REPORTED))


def test_accept_needs_a_lead_department():
    with pytest.raises(IllegalTransition, match="no lead department"):
        transition_for("accept", Facts(state=State.DISPATCHED, has_lead_department=False))
    assert transition_for("accept", Facts(state=State.DISPATCHED, has_lead_department=True))


def test_kind_of_reads_the_table():
    assert workflow.kind_of("adjudicating") is Kind.SUSPENDED
    assert workflow.kind_of("rejected") is Kind.CLOSED
    with pytest.raises(ValueError):
        workflow.kind_of("lost")
