"""Every one of the actions, performed through services.act by the user who would do it,
moves the case to the state the table says, appends exactly one CaseEvent (actor, time,
from → to, note) and sets the fields that belong to it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest

from tests.emergency.command import build_command
from tests.mediation.centre import build_centre
from tests.world import World
from tongxin.cases.models import Case, CaseEvent, Rating, Urgency
from tongxin.cases.workflow import BY_ACTION, Action, State
from tongxin.emergency.models import Incident
from tongxin.org.models import Department
from tongxin.sla.models import TimeLimitPolicy

from .loop import (
    act,
    close_rated,
    drive,
    local,
    rated_unsatisfied_before_the_rule,
    report,
    snapshot,
)

# Monday 21 September 2026, 10:00 in Shanghai: the week before the Mid-Autumn holiday
# (Fri 25 – Sun 27 September 2026), so the general policy's deadlines jump over it.
T0 = local(2026, 9, 21, 10)
T1 = local(2026, 9, 21, 11)


@dataclass
class Spec:
    """How to reach the source state, who acts, with what, and what must hold afterwards."""

    setup: Callable[[World], Case]
    user: str
    inputs: Callable[[World], dict] = lambda w: {}
    note: str = ""
    check: Callable[[World, Case, CaseEvent], None] = lambda w, c, e: None


def at_state(state: State) -> Callable[[World], Case]:
    return lambda w: drive(w, state, at=T0)


def _with_pending_extension(w: World) -> Case:
    case = drive(w, State.IN_PROGRESS, at=T0)
    return act(w, case, "extend_request", "handler", at=T0, note="需要采购配件",
               until=local(2026, 10, 9, 17, 30))


def _with_mediation(state: State) -> Callable[[World], Case]:
    """A case of grid A1 and the A1 committee (tests.mediation.centre); from dispatched on,
    the committee leads it (transferred, then signed for)."""
    def setup(w: World) -> Case:
        centre = build_centre(w)
        if state == State.REGISTERED:
            return drive(w, state, at=T0)
        case = drive(w, State.REGISTERED, at=T0)
        case = act(w, case, "transfer_to_mediation", "street_a", at=T0,
                   lead_department=centre.committee.department)
        return act(w, case, "accept", "med_li", at=T0) if state == State.IN_PROGRESS else case
    return setup


def _committee(w: World):
    return Department.objects.get(code="tj_a1")


def _check_transfer(w: World, c: Case, e: CaseEvent) -> None:
    assert c.lead_department == _committee(w) and c.accepted_at is None
    assert c.finish_deadline is not None and e.data["to"] == _committee(w).name


def _check_hand_back(w: World, c: Case, e: CaseEvent) -> None:
    assert c.lead_department is None and c.finish_deadline is None
    assert e.data["department"] == _committee(w).name


def _check_pass_on(w: World, c: Case, e: CaseEvent) -> None:
    assert c.lead_department == w.departments["zj"] and c.accepted_at is None
    assert e.data["from"] == _committee(w).name


def _check_started(w: World, c: Case, e: CaseEvent) -> None:
    assert e.data["level"] == 3 and Incident.objects.get(case=c).level == 3


def _dispatched_with_co_handler(w: World) -> Case:
    case = drive(w, State.REGISTERED, at=T0)
    return act(w, case, "dispatch", "street_a", at=T0, lead_department=w.departments["cg"],
               co_departments=[w.departments["zj"]])


def _check_register(w: World, c: Case, e: CaseEvent) -> None:
    assert c.registered_at == T1
    assert c.category == w.categories["light"]
    assert c.urgency == Urgency.URGENT


def _check_closed_with_result(note: str) -> Callable[[World, Case, CaseEvent], None]:
    def check(w: World, c: Case, e: CaseEvent) -> None:
        assert c.closed_at == T1
        assert c.result == note

    return check


def _check_merge(w: World, c: Case, e: CaseEvent) -> None:
    master = Case.objects.exclude(pk=c.pk).get()
    assert c.merged_into == master
    assert c.closed_at == T1
    assert e.data == {"master": master.number}
    assert list(master.merged_cases.all()) == [c]


def _check_dispatch(w: World, c: Case, e: CaseEvent) -> None:
    assert c.lead_department == w.departments["cg"]
    # The lead is not also a co-handler, even when the dispatcher ticked it twice.
    assert list(c.co_departments.all()) == [w.departments["zj"]]
    assert c.policy == TimeLimitPolicy.objects.get(name="general")
    assert c.dispatched_at == T1
    # general: sign for within 1 working day, finish within 5 (start day not counted).
    # Working days after Mon 21 Sep: Tue 22, Wed 23, Thu 24, [25–27 Mid-Autumn], Mon 28, Tue 29.
    assert c.accept_deadline == local(2026, 9, 22, 17, 30)
    assert c.finish_deadline == local(2026, 9, 29, 17, 30)
    assert e.data["lead"] == "区城管局" and e.data["co"] == ["区住建局"]
    assert e.data["policy"] == "general"


def _check_escalate(w: World, c: Case, e: CaseEvent) -> None:
    assert c.owner_region == w.district
    assert e.data == {"from": "A街道", "to": "测试区"}


def _check_adjudicate(w: World, c: Case, e: CaseEvent) -> None:
    assert c.adjudication_level == 1
    assert e.data == {"level": 1}


def _check_accept(w: World, c: Case, e: CaseEvent) -> None:
    assert c.accepted_at == T1


def _check_return(w: World, c: Case, e: CaseEvent) -> None:
    assert c.lead_department is None
    assert c.accept_deadline is None and c.finish_deadline is None
    assert c.return_count == 1
    assert not c.co_departments.exists()
    assert e.data == {"department": "区城管局"}


def _check_extend_request(w: World, c: Case, e: CaseEvent) -> None:
    assert c.extension_pending is True
    assert c.extension_until == local(2026, 10, 9, 17, 30)
    assert c.finish_deadline == local(2026, 9, 29, 17, 30)  # not moved until approved


def _check_extend_approve(w: World, c: Case, e: CaseEvent) -> None:
    assert c.extension_pending is False
    assert c.finish_deadline == local(2026, 10, 9, 17, 30)
    assert c.warning == "none"
    assert datetime.fromisoformat(e.data["to"]) == local(2026, 10, 9, 17, 30)
    assert datetime.fromisoformat(e.data["from"]) == local(2026, 9, 29, 17, 30)


def _check_extend_deny(w: World, c: Case, e: CaseEvent) -> None:
    assert c.extension_pending is False
    assert c.extension_until is None
    # The old deadline stands — later only by the time the request waited (sla.clock).
    assert local(2026, 9, 29, 17, 30) <= c.finish_deadline < local(2026, 10, 9, 17, 30)
    assert datetime.fromisoformat(e.data["finish_deadline"]) == c.finish_deadline


def _check_reply(w: World, c: Case, e: CaseEvent) -> None:
    assert c.replied_at == T1
    assert c.result == "已维修，恢复照明"


def _check_verify_pass(w: World, c: Case, e: CaseEvent) -> None:
    assert c.closed_at == T1


def _check_verify_fail(w: World, c: Case, e: CaseEvent) -> None:
    assert c.replied_at is None
    assert c.lead_department == w.departments["cg"]  # back to the same unit


def _check_rate(w: World, c: Case, e: CaseEvent) -> None:
    assert c.rating == Rating.BASICALLY
    assert c.rated_at == T1
    assert e.data == {"rating": "basically", "round": 0}


def _check_reopen(w: World, c: Case, e: CaseEvent) -> None:
    assert c.rework_count == 1
    assert c.rating == "" and c.rated_at is None
    assert c.closed_at is None and c.replied_at is None
    assert c.lead_department == w.departments["cg"]
    # Rework gets a fresh finish time under the case's policy, counted from the reopening.
    assert c.finish_deadline is not None and c.finish_deadline > e.at
    assert c.warning == "none" and c.yellow_at is not None and e.at < c.yellow_at
    assert e.data["rework"] == 1
    assert datetime.fromisoformat(e.data["finish_deadline"]) == c.finish_deadline


def _check_recall(w: World, c: Case, e: CaseEvent) -> None:
    assert c.lead_department is None and c.finish_deadline is None
    assert e.data["units"] == [w.departments["cg"].pk]


def _check_reassign(w: World, c: Case, e: CaseEvent) -> None:
    assert c.lead_department == w.departments["zj"] and c.accepted_at is None
    assert (e.data["from"], e.data["to"]) == (w.departments["cg"].name, w.departments["zj"].name)


def _check_supervise(w: World, c: Case, e: CaseEvent) -> None:
    assert c.supervision_count == 1


def _check_refer(w: World, c: Case, e: CaseEvent) -> None:
    assert c.referred is True


def _check_whistle(w: World, c: Case, e: CaseEvent) -> None:
    # The called unit co-handles the case; its call is on the event (tongxin.whistle).
    assert list(c.co_departments.values_list("code", flat=True)) == ["zj"]
    assert e.data["units"] == [w.departments["zj"].pk] and e.data["minutes"] == 30


SPECS: dict[Action, Spec] = {
    Action.REGISTER: Spec(
        at_state(State.REPORTED), "street_a",
        lambda w: {"category": w.categories["light"], "urgency": Urgency.URGENT},
        check=_check_register,
    ),
    Action.REJECT: Spec(
        at_state(State.REPORTED), "street_a", note="诉求不属实",
        check=_check_closed_with_result("诉求不属实"),
    ),
    Action.MERGE: Spec(
        at_state(State.REGISTERED), "street_a",
        lambda w: {"master": drive(w, State.REGISTERED, at=T0)}, check=_check_merge,
    ),
    Action.ANSWER: Spec(
        at_state(State.REPORTED), "operator", note="已告知办理流程",
        check=_check_closed_with_result("已告知办理流程"),
    ),
    Action.CLOSE_ON_SPOT: Spec(
        at_state(State.REPORTED), "grid_a1", note="现场已清理",
        check=_check_closed_with_result("现场已清理"),
    ),
    Action.DISPATCH: Spec(
        at_state(State.REGISTERED), "street_a",
        lambda w: {"lead_department": w.departments["cg"],
                   "co_departments": [w.departments["zj"], w.departments["cg"]]},
        check=_check_dispatch,
    ),
    Action.RECALL: Spec(
        at_state(State.DISPATCHED), "street_a", note="派错单位", check=_check_recall,
    ),
    Action.REASSIGN: Spec(
        at_state(State.IN_PROGRESS), "street_a", lambda w: {"lead_department": w.departments["zj"]},
        note="属住建职责", check=_check_reassign,
    ),
    Action.ESCALATE: Spec(
        at_state(State.REGISTERED), "street_a", note="涉及多个街道", check=_check_escalate,
    ),
    Action.ADJUDICATE: Spec(
        at_state(State.REGISTERED), "street_a", note="职责不清", check=_check_adjudicate,
    ),
    Action.ACCEPT: Spec(at_state(State.DISPATCHED), "handler", check=_check_accept),
    Action.RETURN: Spec(
        _dispatched_with_co_handler, "handler", note="不属于本单位职责", check=_check_return,
    ),
    Action.EXTEND_REQUEST: Spec(
        at_state(State.IN_PROGRESS), "handler", lambda w: {"until": local(2026, 10, 9, 17, 30)},
        note="需要采购配件", check=_check_extend_request,
    ),
    Action.EXTEND_APPROVE: Spec(
        _with_pending_extension, "street_a", check=_check_extend_approve,
    ),
    Action.EXTEND_DENY: Spec(
        _with_pending_extension, "street_a", note="理由不充分", check=_check_extend_deny,
    ),
    Action.REPLY: Spec(
        at_state(State.IN_PROGRESS), "handler", note="已维修，恢复照明", check=_check_reply,
    ),
    Action.VERIFY_PASS: Spec(at_state(State.REPLIED), "grid_a1", check=_check_verify_pass),
    Action.VERIFY_FAIL: Spec(
        at_state(State.REPLIED), "street_a", note="现场仍未修复", check=_check_verify_fail,
    ),
    Action.RATE: Spec(
        at_state(State.CLOSED), "citizen", lambda w: {"rating": Rating.BASICALLY},
        check=_check_rate,
    ),
    Action.REOPEN: Spec(
        lambda w: rated_unsatisfied_before_the_rule(w, at=T0), "street_a", note="群众不满意，重办",
        check=_check_reopen,
    ),
    Action.SUPERVISE: Spec(
        at_state(State.IN_PROGRESS), "supervisor", note="请加快办理", check=_check_supervise,
    ),
    Action.REFER: Spec(
        at_state(State.CLOSED), "supervisor", note="推诿扯皮，移交纪检", check=_check_refer,
    ),
    Action.TRANSFER_TO_MEDIATION: Spec(
        _with_mediation(State.REGISTERED), "operator",
        lambda w: {"lead_department": _committee(w)}, note="邻里纠纷", check=_check_transfer,
    ),
    Action.HAND_BACK: Spec(
        _with_mediation(State.IN_PROGRESS), "med_li", note="双方拒绝调解",
        check=_check_hand_back,
    ),
    Action.PASS_ON: Spec(
        _with_mediation(State.IN_PROGRESS), "med_li",
        lambda w: {"lead_department": w.departments["zj"]}, note="属住建职责",
        check=_check_pass_on,
    ),
    # 一键启动预案: the state stays; the incident comes with the event (tongxin.emergency).
    Action.START_PLAN: Spec(
        at_state(State.DISPATCHED), "street_a",
        lambda w: {"plan": build_command(w).plan.pk, "level": 3}, note="一键启动",
        check=_check_started,
    ),
    Action.WHISTLE: Spec(
        at_state(State.IN_PROGRESS), "street_a",
        lambda w: {"co_departments": [w.departments["zj"]]}, note="请住建报到",
        check=_check_whistle,
    ),
}


def test_every_action_has_a_spec():
    assert set(SPECS) == set(Action)


@pytest.mark.parametrize("action", list(Action), ids=str)
def test_action_moves_the_case_and_appends_one_event(world, action):
    spec = SPECS[action]
    case = spec.setup(world)
    before = snapshot(case)
    source = State(case.status)
    inputs = spec.inputs(world)

    returned = act(world, case, action, spec.user, at=T1, note=spec.note, **inputs)

    case.refresh_from_db()
    expected = BY_ACTION[action].target_from(source)
    assert case.status == returned.status == expected
    assert case.updated_at > before["row"]["updated_at"]
    events = list(CaseEvent.objects.filter(case=case).order_by("id"))
    assert [e.pk for e in events[:-1]] == before["events"], "earlier events untouched"
    event = events[-1]
    assert event.action == action
    assert event.actor == world.users[spec.user]
    assert event.at == T1
    assert (event.from_status, event.to_status) == (source, expected)
    assert event.note == spec.note
    spec.check(world, case, event)


def test_the_report_itself_is_the_first_event(world):
    case = report(world, at=T0)
    (event,) = CaseEvent.objects.filter(case=case)
    assert (event.action, event.from_status, event.to_status) == ("report", "", "reported")
    assert event.actor == world.users["citizen"] and event.at == T0
    assert case.reporter_user == world.users["citizen"]
    assert case.created_at == T0


def test_a_full_loop_leaves_a_complete_trail(world):
    case = drive(world, State.CLOSED, at=T0)
    act(world, case, "rate", "citizen", rating=Rating.SATISFIED)
    trail = list(CaseEvent.objects.filter(case=case).values_list("action", "from_status",
                                                                 "to_status"))
    assert trail == [
        ("report", "", "reported"),
        ("register", "reported", "registered"),
        ("dispatch", "registered", "dispatched"),
        ("accept", "dispatched", "in_progress"),
        ("reply", "in_progress", "replied"),
        ("verify_pass", "replied", "closed"),
        ("rate", "closed", "closed"),
    ]


def test_adjudication_levels_go_one_then_two_and_stop(world):
    case = drive(world, State.REGISTERED, at=T0)
    levels = []
    for user in ("street_a", "leader", "dispatcher"):
        case = act(world, case, "adjudicate", user, note="会商")
        levels.append(case.adjudication_level)
    assert levels == [1, 2, 2]
    assert case.status == State.ADJUDICATING
    # Dispatching out of adjudication resets the level for the next round.
    case = act(world, case, "dispatch", "dispatcher", lead_department=world.departments["cg"])
    assert case.status == State.DISPATCHED and case.adjudication_level == 0


def test_supervise_and_refer_count_every_time(world):
    case = drive(world, State.IN_PROGRESS, at=T0)
    for _ in range(3):
        case = act(world, case, "supervise", "supervisor", note="督办")
    case = act(world, case, "refer", "supervisor", note="移交纪检")
    case = act(world, case, "refer", "supervisor", note="再次移交")
    assert case.supervision_count == 3 and case.referred is True
    assert case.status == State.IN_PROGRESS
    assert CaseEvent.objects.filter(case=case, action="supervise").count() == 3


def test_a_returned_case_can_be_dispatched_again(world):
    case = drive(world, State.DISPATCHED, at=T0)
    case = act(world, case, "return", "handler", note="非本单位职责")
    case = act(world, case, "dispatch", "street_a", at=T1, lead_department=world.departments["zj"])
    case = act(world, case, "accept", "handler_zj")
    assert case.status == State.IN_PROGRESS and case.return_count == 1
    assert case.finish_deadline == local(2026, 9, 29, 17, 30)


def test_a_rejected_rework_goes_back_to_the_same_unit_and_counts(world):
    case = close_rated(world, Rating.UNSATISFIED, at=T0)  # reworked by the engine's rule
    assert case.rework_count == 1 and case.status == State.IN_PROGRESS
    case = act(world, case, "reply", "handler", note="再次维修")
    case = act(world, case, "verify_pass", "street_a")
    case = act(world, case, "rate", "citizen", rating=Rating.UNSATISFIED)
    assert case.rework_count == 2 and case.status == State.IN_PROGRESS
    assert case.lead_department == world.departments["cg"]
    rework = CaseEvent.objects.filter(case=case, action="reopen").order_by("id")
    assert [(e.actor_id, e.data.get("auto")) for e in rework] == [(None, True), (None, True)]


@pytest.mark.parametrize(
    ("urgency", "policy", "accept", "finish"),
    [
        # urgent (特事特办): 2 and 24 hours around the clock.
        (Urgency.URGENT, "urgent", T1 + timedelta(hours=2), T1 + timedelta(hours=24)),
        (Urgency.NORMAL, "general", local(2026, 9, 22, 17, 30), local(2026, 9, 29, 17, 30)),
    ],
)
def test_dispatch_takes_deadlines_from_the_policy(world, urgency, policy, accept, finish):
    case = drive(world, State.REGISTERED, at=T0, urgency=urgency)
    case = act(world, case, "dispatch", "street_a", at=T1, lead_department=world.departments["cg"])
    assert case.policy.name == policy
    assert (case.accept_deadline, case.finish_deadline) == (accept, finish)


def test_dispatch_uses_the_categorys_policy_inherited_down_the_tree(world):
    complex_policy = TimeLimitPolicy.objects.get(name="complex")
    world.categories["top"].policy = complex_policy
    world.categories["top"].save()
    case = drive(world, State.REGISTERED, at=T0, category=world.categories["light"])
    case = act(world, case, "dispatch", "street_a", at=T1, lead_department=world.departments["cg"])
    assert case.policy == complex_policy
    # 15 working days after Mon 21 Sep 2026: 22, 23, 24 (3), 28, 29, 30 (6),
    # [1–7 Oct National Day], Thu 8, Fri 9, Sat 10 (make-up workday) (9), 12–16 (14), 19 (15).
    assert case.finish_deadline == local(2026, 10, 19, 17, 30)


def test_dispatch_may_set_category_and_urgency_at_the_same_time(world):
    case = drive(world, State.REGISTERED, at=T0)
    case = act(world, case, "dispatch", "street_a", at=T1, lead_department=world.departments["cg"],
               category=world.categories["light"], urgency=Urgency.URGENT)
    case.refresh_from_db()
    assert case.category == world.categories["light"] and case.urgency == Urgency.URGENT
    assert case.policy.name == "urgent"
