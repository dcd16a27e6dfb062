"""The closed loop (六步闭环) as an explicit transition table. Pure Python: no ORM, no Django.

Every action is one row: the states it may start from, the state it leads to (None keeps the
state), the permission it needs, whose scope must cover the case, the inputs it requires and
an optional guard over plain facts about the case. Services ask this module whether a move is
legal before they touch anything, so an illegal move changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    OPEN = "open"
    SUSPENDED = "suspended"
    CLOSED = "closed"


class State(StrEnum):
    REPORTED = "reported"  # 待受理
    REGISTERED = "registered"  # 已立案 (待派遣)
    ADJUDICATING = "adjudicating"  # 研判中
    DISPATCHED = "dispatched"  # 已派遣 (待签收)
    IN_PROGRESS = "in_progress"  # 处理中
    REPLIED = "replied"  # 待核查
    CLOSED = "closed"  # 已结案
    REJECTED = "rejected"  # 不予受理


KIND: dict[State, Kind] = {
    State.REPORTED: Kind.OPEN,
    State.REGISTERED: Kind.OPEN,
    State.ADJUDICATING: Kind.SUSPENDED,
    State.DISPATCHED: Kind.OPEN,
    State.IN_PROGRESS: Kind.OPEN,
    State.REPLIED: Kind.OPEN,
    State.CLOSED: Kind.CLOSED,
    State.REJECTED: Kind.CLOSED,
}


class Action(StrEnum):
    REGISTER = "register"
    REJECT = "reject"
    MERGE = "merge"
    ANSWER = "answer"
    CLOSE_ON_SPOT = "close_on_spot"
    DISPATCH = "dispatch"
    RECALL = "recall"
    REASSIGN = "reassign"
    ESCALATE = "escalate"
    ADJUDICATE = "adjudicate"
    ACCEPT = "accept"
    RETURN = "return"
    EXTEND_REQUEST = "extend_request"
    EXTEND_APPROVE = "extend_approve"
    EXTEND_DENY = "extend_deny"
    REPLY = "reply"
    VERIFY_PASS = "verify_pass"
    VERIFY_FAIL = "verify_fail"
    RATE = "rate"
    REOPEN = "reopen"
    SUPERVISE = "supervise"
    REFER = "refer"
    # 秒转快办 between the three centres (tongxin.mediation): a case becomes a dispute of a
    # mediation organisation, which can hand it back to the command centre or pass it on.
    TRANSFER_TO_MEDIATION = "transfer_to_mediation"
    HAND_BACK = "hand_back"
    PASS_ON = "pass_on"
    # 应急指挥 (tongxin.emergency): a plan started at a level from the case opens an incident
    # whose steps become task cases of their units.
    START_PLAN = "start_plan"
    # 吹哨报到 (tongxin.whistle): a street or community calls named departments to a case;
    # each must acknowledge (报到) within a time limit, or the miss counts in its score.
    WHISTLE = "whistle"


class Scope(StrEnum):
    """Whose membership must cover the case for the action."""

    COMMAND = "command"  # the command center that currently owns the case (or one above it)
    AREA = "area"  # anyone whose region contains the case's place
    UNIT = "unit"  # the lead department
    REPORTER = "reporter"  # the citizen who reported it, or staff of the area on their behalf
    CALLED = "called"  # a department called to the case (吹哨报到: lead or co-handler)


@dataclass(frozen=True)
class Facts:
    """What guards may know about a case: plain values, read from the row under lock."""

    state: State
    has_lead_department: bool = False
    extension_pending: bool = False
    rating: str | None = None
    rework_count: int = 0
    rework_limit: int = 2
    owner_is_root: bool = False
    lead_is_mediation: bool = False  # a mediation organisation leads it (tongxin.mediation)


Guard = Callable[[Facts], str | None]  # returns the reason it refuses, or None


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[State]
    target: State | None
    permission: str
    scope: Scope
    requires: tuple[str, ...] = ()
    guard: Guard | None = None
    label: str = field(default="", compare=False)

    def target_from(self, state: State) -> State:
        return self.target or state


class IllegalTransition(Exception):
    """The action is not allowed from the case's state (or a guard refused it)."""

    def __init__(self, action: str, state: str, reason: str = "") -> None:
        self.action, self.state, self.reason = action, state, reason
        super().__init__(reason or f"'{action}' is not allowed in state '{state}'")


def _no_pending_extension(f: Facts) -> str | None:
    return "an extension request is already waiting for a decision" if f.extension_pending else None


def _pending_extension(f: Facts) -> str | None:
    return None if f.extension_pending else "there is no extension request to decide"


def _no_pending_before_reply(f: Facts) -> str | None:
    return "decide the extension request first" if f.extension_pending else None


def _not_rated(f: Facts) -> str | None:
    return "the case has already been rated" if f.rating else None


def _unsatisfied_within_limit(f: Facts) -> str | None:
    if f.rating != "unsatisfied":
        return "only a case rated unsatisfied can be reopened for rework"
    if not f.has_lead_department:
        # Answered at once, closed on the spot or merged: no unit could redo it.
        return "the case was closed without a handling unit; report it again as a new case"
    if f.rework_count >= f.rework_limit:
        return "the rework limit is reached; the case goes to supervision"
    return None


def _has_lead(f: Facts) -> str | None:
    return None if f.has_lead_department else "the case has no lead department"


def _reassignable(f: Facts) -> str | None:
    return _has_lead(f) or _no_pending_before_reply(f)


def _owner_not_root(f: Facts) -> str | None:
    return "the case is already at the top of the region tree" if f.owner_is_root else None


def _not_with_mediation(f: Facts) -> str | None:
    if f.lead_is_mediation:
        return "a mediation organisation has the case already; it passes it on itself"
    return _no_pending_before_reply(f)


def _with_mediation(f: Facts) -> str | None:
    if not f.lead_is_mediation:
        return "only a mediation organisation hands a case back or passes it on"
    return _no_pending_before_reply(f)


S = State
_INTAKE = frozenset({S.REPORTED, S.REGISTERED})
_BEFORE_DISPATCH = frozenset({S.REPORTED, S.REGISTERED, S.ADJUDICATING})
_CALLABLE = frozenset({S.REGISTERED, S.ADJUDICATING, S.DISPATCHED, S.IN_PROGRESS})
_LIVE = frozenset({S.REPORTED, S.REGISTERED, S.ADJUDICATING, S.DISPATCHED, S.IN_PROGRESS, S.REPLIED})

TABLE: tuple[Transition, ...] = (
    Transition(Action.REGISTER, frozenset({S.REPORTED}), S.REGISTERED, "cases.register", Scope.COMMAND),
    Transition(Action.REJECT, _BEFORE_DISPATCH, S.REJECTED, "cases.reject", Scope.COMMAND, ("note",)),
    Transition(Action.MERGE, _BEFORE_DISPATCH, S.CLOSED, "cases.merge", Scope.COMMAND, ("master",)),
    Transition(Action.ANSWER, _INTAKE, S.CLOSED, "cases.answer", Scope.COMMAND, ("note",)),
    Transition(Action.CLOSE_ON_SPOT, frozenset({S.REPORTED}), S.CLOSED, "cases.close_on_spot", Scope.AREA, ("note",)),
    Transition(Action.DISPATCH, frozenset({S.REGISTERED, S.ADJUDICATING}), S.DISPATCHED, "cases.dispatch", Scope.COMMAND, ("lead_department",)),
    # The dispatcher's corrections of a dispatch (their own or triage's): take it back while
    # the unit has not signed for it (撤回: only from dispatched, which accept leaves), or
    # send it to another lead unit with a reason (改派), before or after it was signed for.
    Transition(Action.RECALL, frozenset({S.DISPATCHED}), S.REGISTERED, "cases.dispatch", Scope.COMMAND, ("note",), _has_lead),
    Transition(Action.REASSIGN, frozenset({S.DISPATCHED, S.IN_PROGRESS}), S.DISPATCHED, "cases.dispatch", Scope.COMMAND, ("lead_department", "note"), _reassignable),
    Transition(Action.ESCALATE, _BEFORE_DISPATCH, None, "cases.escalate", Scope.COMMAND, ("note",), _owner_not_root),
    Transition(Action.ADJUDICATE, frozenset({S.REGISTERED, S.ADJUDICATING}), S.ADJUDICATING, "cases.adjudicate", Scope.COMMAND, ("note",)),
    Transition(Action.ACCEPT, frozenset({S.DISPATCHED}), S.IN_PROGRESS, "cases.accept", Scope.UNIT, (), _has_lead),
    Transition(Action.RETURN, frozenset({S.DISPATCHED}), S.REGISTERED, "cases.return", Scope.UNIT, ("note",)),
    Transition(Action.EXTEND_REQUEST, frozenset({S.IN_PROGRESS}), None, "cases.extend_request", Scope.UNIT, ("note", "until"), _no_pending_extension),
    Transition(Action.EXTEND_APPROVE, frozenset({S.IN_PROGRESS}), None, "cases.extend_decide", Scope.COMMAND, (), _pending_extension),
    Transition(Action.EXTEND_DENY, frozenset({S.IN_PROGRESS}), None, "cases.extend_decide", Scope.COMMAND, ("note",), _pending_extension),
    Transition(Action.REPLY, frozenset({S.IN_PROGRESS}), S.REPLIED, "cases.reply", Scope.UNIT, ("note",), _no_pending_before_reply),
    Transition(Action.VERIFY_PASS, frozenset({S.REPLIED}), S.CLOSED, "cases.verify", Scope.AREA),
    Transition(Action.VERIFY_FAIL, frozenset({S.REPLIED}), S.IN_PROGRESS, "cases.verify", Scope.AREA, ("note",)),
    Transition(Action.RATE, frozenset({S.CLOSED}), None, "cases.rate", Scope.REPORTER, ("rating",), _not_rated),
    Transition(Action.REOPEN, frozenset({S.CLOSED}), S.IN_PROGRESS, "cases.reopen", Scope.COMMAND, ("note",), _unsatisfied_within_limit),
    Transition(Action.SUPERVISE, _LIVE, None, "cases.supervise", Scope.AREA, ("note",)),
    Transition(Action.REFER, _LIVE | {S.CLOSED}, None, "cases.refer", Scope.AREA, ("note",)),
    # 秒转快办: the command centre (12345 or grid) gives any live case that is really a dispute to a
    # mediation organisation (a department of kind mediation), keeping number and trail; the
    # organisation signs for it like a unit. It hands it back to the command centre (退回) or
    # passes it to a department (转办); the guards refuse both unless a mediation
    # organisation leads the case, so ordinary units keep signing for or returning.
    Transition(Action.TRANSFER_TO_MEDIATION, _BEFORE_DISPATCH | {S.DISPATCHED, S.IN_PROGRESS}, S.DISPATCHED, "cases.transfer_mediation", Scope.COMMAND, ("lead_department",), _not_with_mediation),
    Transition(Action.HAND_BACK, frozenset({S.DISPATCHED, S.IN_PROGRESS}), S.REGISTERED, "cases.hand_back", Scope.UNIT, ("note",), _with_mediation),
    # 一键启动预案: the command centre starts an emergency plan at a level (1–4 for Ⅰ–Ⅳ) from any
    # live case; the state stays. tongxin.emergency writes the incident with the event and
    # opens the steps' task cases once it has committed.
    Transition(Action.START_PLAN, _LIVE, None, "cases.start_plan", Scope.COMMAND, ("plan", "level")),
    Transition(Action.PASS_ON, frozenset({S.DISPATCHED, S.IN_PROGRESS}), S.DISPATCHED, "cases.hand_back", Scope.UNIT, ("lead_department", "note"), _with_mediation),
    # 吹哨报到: the street's or community's command centre calls departments to a registered,
    # live case (they join it as co-handlers); the state stays. Each must acknowledge within
    # TONGXIN_WHISTLE_MINUTES (tongxin.whistle: the calls, the acknowledgement, the misses).
    Transition(Action.WHISTLE, _CALLABLE, None, "cases.whistle", Scope.COMMAND, ("co_departments",)),
)

BY_ACTION: dict[Action, Transition] = {t.action: t for t in TABLE}
assert len(BY_ACTION) == len(TABLE), "one row per action"


def kind_of(state: str) -> Kind:
    return KIND[State(state)]


def transition_for(action: str, facts: Facts) -> Transition:
    """The row for `action` if it is legal now; raises IllegalTransition otherwise."""
    try:
        row = BY_ACTION[Action(action)]
    except ValueError:
        raise IllegalTransition(action, facts.state, f"unknown action '{action}'") from None
    if facts.state not in row.sources:
        raise IllegalTransition(action, facts.state)
    if row.guard and (reason := row.guard(facts)):
        raise IllegalTransition(action, facts.state, reason)
    return row


def legal_actions(facts: Facts) -> list[Transition]:
    """The rows that are legal now, before permissions are considered."""
    return [
        row for row in TABLE
        if facts.state in row.sources and not (row.guard and row.guard(facts))
    ]
