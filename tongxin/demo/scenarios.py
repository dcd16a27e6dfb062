"""The life stories of demo cases: which workflow actions, by whom, how far apart in time.

A scenario is a list of steps; the demo generator replays it through the real services, so
each case ends in the scenario's final state with a correct event trail. Together the
scenarios reach every state of the loop and use every action of the transition table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tongxin.cases.workflow import State


@dataclass(frozen=True)
class Step:
    action: str
    who: str  # an actor role of the generator: cmd, district, unit, operator, grid, …
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Scenario:
    name: str
    steps: tuple[Step, ...]
    final: State
    weight: float
    slack_days: tuple[float, float]  # how long ago the last step happened


def S(action: str, who: str, **extra) -> Step:  # noqa: N802
    return Step(action, who, extra)


# Every report goes through smart triage first, as the worker does within its next round:
# triage registers it (and marks it urgent) and sends it to adjudication with its suggestions,
# the reason and, for an urgent case, the running urgent clock. The demo's people then act
# on it (dispatch, adjudicate, reject …). Suggestions only: the demo replays what people did.
TRIAGE = S("triage", "system")
REG, DISPATCH, ACCEPT = TRIAGE, S("dispatch", "cmd"), S("accept", "unit")
REPLY, PASS = S("reply", "unit"), S("verify_pass", "verifier")
RATE = S("rate", "rater")
WRONG = S("dispatch", "cmd", wrong=True)
RETURN = S("return", "unit")
EXTEND = S("extend_request", "unit")
HANDLED = (REG, DISPATCH, ACCEPT, REPLY, PASS)

_S = State
SCENARIOS: tuple[Scenario, ...] = (
    # Just in: the worker's next round triages them (within TONGXIN_TRIAGE_MAX_AGE_HOURS).
    Scenario("reported", (), _S.REPORTED, 6, (0, 0.03)),
    # Triaged and waiting in 研判中 for a dispatcher.
    Scenario("triaged", (REG,), _S.ADJUDICATING, 3, (0.05, 2)),
    Scenario("returned", (REG, WRONG, RETURN), _S.REGISTERED, 2, (0.1, 2)),
    Scenario("escalated_open", (REG, S("escalate", "cmd")), _S.ADJUDICATING, 1, (0.1, 2)),
    Scenario("adjudicating", (REG, S("adjudicate", "cmd")), _S.ADJUDICATING, 3, (0.2, 4)),
    Scenario("adjudicating_leader", (REG, S("adjudicate", "cmd"), S("adjudicate", "leader")),
             _S.ADJUDICATING, 1, (0.2, 4)),
    Scenario("dispatched", (REG, DISPATCH), _S.DISPATCHED, 4, (0, 0.6)),
    Scenario("dispatched_late", (REG, DISPATCH), _S.DISPATCHED, 2, (4, 20)),
    Scenario("in_progress", (REG, DISPATCH, ACCEPT), _S.IN_PROGRESS, 6, (0, 2.5)),
    Scenario("extension_pending", (REG, DISPATCH, ACCEPT, EXTEND), _S.IN_PROGRESS, 2, (0, 1)),
    Scenario("extension_approved", (REG, DISPATCH, ACCEPT, EXTEND, S("extend_approve", "cmd")),
             _S.IN_PROGRESS, 2, (0, 4)),
    Scenario("overdue_supervised", (REG, DISPATCH, ACCEPT, S("supervise", "supervisor")),
             _S.IN_PROGRESS, 4, (1, 25)),
    Scenario("overdue_referred", (REG, DISPATCH, ACCEPT, S("supervise", "supervisor"),
                                  S("refer", "supervisor")), _S.IN_PROGRESS, 1, (1, 20)),
    Scenario("replied", (REG, DISPATCH, ACCEPT, REPLY), _S.REPLIED, 6, (0, 1.5)),
    # 不满意 reworks the case by the engine's rule (the reopen follows the rating).
    Scenario("rework_open", (*HANDLED, S("rate", "rater", rating="unsatisfied")),
             _S.IN_PROGRESS, 2, (0, 2)),
    Scenario("closed", (*HANDLED, RATE), _S.CLOSED, 30, (0, 55)),
    Scenario("closed_unrated", HANDLED, _S.CLOSED, 4, (0, 3)),
    Scenario("verify_failed", (REG, DISPATCH, ACCEPT, REPLY, S("verify_fail", "verifier"),
                               REPLY, PASS, RATE), _S.CLOSED, 3, (0, 40)),
    Scenario("reworked", (*HANDLED, S("rate", "rater", rating="unsatisfied"), REPLY, PASS,
                          S("rate", "rater", good=True)),
             _S.CLOSED, 4, (0, 40)),
    # 撤回 before the unit signs for it, then the right unit; 改派 straight to the right one.
    Scenario("recalled", (REG, WRONG, S("recall", "cmd"), DISPATCH, ACCEPT, REPLY, PASS, RATE),
             _S.CLOSED, 2, (0, 45)),
    Scenario("reassigned", (REG, WRONG, S("reassign", "cmd"), ACCEPT, REPLY, PASS, RATE),
             _S.CLOSED, 2, (0, 45)),
    Scenario("returned_closed", (REG, WRONG, RETURN, DISPATCH, ACCEPT, REPLY, PASS, RATE),
             _S.CLOSED, 3, (0, 45)),
    Scenario("escalated", (REG, S("escalate", "cmd"), S("dispatch", "district"), ACCEPT,
                           REPLY, PASS, RATE), _S.CLOSED, 3, (0, 45)),
    Scenario("extension_denied", (REG, DISPATCH, ACCEPT, EXTEND, S("extend_deny", "cmd"),
                                  REPLY, PASS, RATE), _S.CLOSED, 2, (0, 40)),
    Scenario("consultation_meeting", (REG, S("adjudicate", "cmd"), S("adjudicate", "leader"),
                                      S("dispatch", "district", co=True), ACCEPT, REPLY, PASS,
                                      RATE), _S.CLOSED, 2, (0, 40)),
    Scenario("rejected", (REG, S("reject", "cmd")), _S.REJECTED, 4, (0, 50)),
    Scenario("merged", (REG, S("merge", "cmd")), _S.CLOSED, 4, (0, 0)),
    # Only for questions (answered at once) and the grid worker's own grid (closed on the spot):
    # the person who took the report settles it before triage's round.
    Scenario("answered", (S("answer", "operator"), RATE), _S.CLOSED, 0, (0, 50)),
    Scenario("on_spot", (S("close_on_spot", "grid"),), _S.CLOSED, 0, (0, 50)),
)
BY_NAME = {s.name: s for s in SCENARIOS}
OPEN_FINALS = {_S.REPORTED, _S.REGISTERED, _S.ADJUDICATING, _S.DISPATCHED, _S.IN_PROGRESS,
               _S.REPLIED}

# Hours between the previous step and this one (uniform in the range).
GAPS: dict[str, tuple[float, float]] = {
    "triage": (0.005, 0.05), "register": (0.1, 2), "reject": (0.2, 4), "merge": (0.5, 8),
    "answer": (0.02, 0.3),
    "close_on_spot": (0.2, 2), "dispatch": (0.2, 6), "escalate": (1, 12),
    "adjudicate": (1, 24), "accept": (0.3, 20), "return": (1, 20), "recall": (0.2, 4),
    "reassign": (0.5, 12),
    "extend_request": (24, 72), "extend_approve": (2, 12), "extend_deny": (2, 12),
    "reply": (20, 110), "verify_pass": (2, 30), "verify_fail": (2, 30), "rate": (4, 48),
    "reopen": (2, 24), "supervise": (150, 280), "refer": (24, 72),
}
# Urgent cases (特事特办) move within hours, not days.
URGENT_SPEEDUP = {"register": 0.1, "dispatch": 0.1, "accept": 0.1, "reply": 0.1}
