"""Guards: an action allowed in the case's state may still be refused by the facts of the case.
The refusal is an IllegalTransition that says why, and nothing changes."""

from __future__ import annotations

import pytest

from tongxin.cases.models import Rating
from tongxin.cases.workflow import IllegalTransition, State

from .loop import act, close_rated, drive, local, report, snapshot

T0 = local(2026, 9, 21, 10)
LATER = local(2026, 12, 1, 17, 30)


def refused(world, case, action, user, reason, **inputs):
    before = snapshot(case)
    with pytest.raises(IllegalTransition, match=reason) as caught:
        act(world, case, action, user, **inputs)
    assert caught.value.reason and caught.value.action == action
    assert snapshot(case) == before


def test_reopen_needs_an_unsatisfied_rating(world):
    satisfied = close_rated(world, Rating.SATISFIED, at=T0)
    refused(world, satisfied, "reopen", "street_a", "only a case rated unsatisfied",
            note="重办")
    basically = close_rated(world, Rating.BASICALLY, at=T0)
    refused(world, basically, "reopen", "street_a", "only a case rated unsatisfied",
            note="重办")
    unrated = drive(world, State.CLOSED, at=T0)
    refused(world, unrated, "reopen", "street_a", "only a case rated unsatisfied", note="重办")


def _redo_and_rate_unsatisfied(world, case):
    act(world, case, "reply", "handler", note="再次办理")
    act(world, case, "verify_pass", "street_a")
    return act(world, case, "rate", "citizen", rating=Rating.UNSATISFIED)


def test_reopen_stops_at_the_rework_limit(world, settings):
    settings.TONGXIN_REWORK_LIMIT = 1
    case = close_rated(world, Rating.UNSATISFIED, at=T0)  # the first rework: automatic
    case = _redo_and_rate_unsatisfied(world, case)
    # Past the limit the engine's rework is skipped: closed, rated, and refused by hand too.
    assert case.status == State.CLOSED and case.rating == Rating.UNSATISFIED
    refused(world, case, "reopen", "street_a", "rework limit is reached", note="第二次重办")


def test_the_default_rework_limit_is_two(world):
    case = close_rated(world, Rating.UNSATISFIED, at=T0)
    for _ in range(2):
        case = _redo_and_rate_unsatisfied(world, case)
    assert case.rework_count == 2 and case.status == State.CLOSED
    refused(world, case, "reopen", "street_a", "rework limit is reached", note="第三次")


def test_a_case_is_rated_once(world):
    case = close_rated(world, Rating.SATISFIED, at=T0)
    refused(world, case, "rate", "citizen", "already been rated", rating=Rating.UNSATISFIED)


def test_an_extension_decision_needs_a_request(world):
    case = drive(world, State.IN_PROGRESS, at=T0)
    refused(world, case, "extend_approve", "street_a", "no extension request to decide")
    refused(world, case, "extend_deny", "street_a", "no extension request to decide",
            note="不同意")


def test_one_extension_request_at_a_time(world):
    case = drive(world, State.IN_PROGRESS, at=T0)
    act(world, case, "extend_request", "handler", note="需采购", until=LATER)
    refused(world, case, "extend_request", "handler", "already waiting", note="再延",
            until=local(2026, 12, 31))


def test_no_reply_while_an_extension_waits_for_a_decision(world):
    case = drive(world, State.IN_PROGRESS, at=T0)
    act(world, case, "extend_request", "handler", note="需采购", until=LATER)
    refused(world, case, "reply", "handler", "decide the extension request first",
            note="已办结")
    act(world, case, "extend_deny", "street_a", note="不同意")
    act(world, case, "reply", "handler", note="已办结")


def test_escalation_stops_at_the_top_of_the_region_tree(world):
    case = drive(world, State.REGISTERED, at=T0)
    act(world, case, "escalate", "street_a", note="跨街道")
    refused(world, case, "escalate", "dispatcher", "top of the region tree", note="再上报")


def test_a_case_placed_at_district_level_cannot_be_escalated(world):
    case = report(world, region=world.district, point=None, at=T0)
    assert case.owner_region == world.district
    refused(world, case, "escalate", "dispatcher", "top of the region tree", note="上报")


@pytest.mark.parametrize(
    ("closing", "user", "inputs"),
    [
        ("answer", "operator", {"note": "已解答"}),
        ("close_on_spot", "grid_a1", {"note": "现场处理"}),
    ],
)
def test_a_case_closed_without_a_unit_is_not_reopened_into_a_dead_end(world, closing, user,
                                                                      inputs):
    """A case answered at once or closed on the spot has no lead department. If the citizen
    is unsatisfied, reopening it into `in_progress` would strand it: only the lead unit may
    reply there, and there is none. Either the guard refuses, or the reopened case has a unit.
    """
    case = report(world, at=T0)
    act(world, case, closing, user, **inputs)
    act(world, case, "rate", "citizen", rating=Rating.UNSATISFIED)
    before = snapshot(case)
    try:
        act(world, case, "reopen", "street_a", note="不满意，重办")
    except IllegalTransition:
        assert snapshot(case) == before
    else:
        case.refresh_from_db()
        assert case.lead_department is not None, (
            f"reopened into {case.status} with no lead department: nobody can reply"
        )
