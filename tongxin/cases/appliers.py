"""What each workflow action changes on the case: one small function per row of the table.

An applier changes the case in memory and returns the fields it changed, the details for the
event and, where a row of another table must follow (co-handlers), a callable the engine runs
once every check has passed. It writes nothing itself and may still refuse (ValidationFailed):
then nothing was written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.translation import gettext as _

from tongxin.accounts.access import memberships_of
from tongxin.accounts.models import User
from tongxin.accounts.permissions import role_has
from tongxin.core.errors import PermissionDenied, ValidationFailed
from tongxin.org.models import DepartmentKind
from tongxin.regions.models import Level
from tongxin.regions.tree import node
from tongxin.sla.calendar import WorkCalendar, add_limit
from tongxin.sla.clock import resume_after_pause, yellow_mark

from . import workflow
from .access import sees
from .models import Case, Urgency, Warning
from .policy import policy_for
from .workflow import Action

if TYPE_CHECKING:
    from .services import ActionInput


@dataclass
class Changes:
    fields: list[str]
    details: dict = field(default_factory=dict)
    after: Callable[[], None] | None = None


Applier = Callable[[Case, "ActionInput", User | None, datetime], Changes]


def yellow_due(start: datetime, deadline: datetime, unit: str = "natural_hours",
               cal: WorkCalendar | None = None) -> datetime:
    # A share of the time counted like the limit (working time for working-day limits).
    return yellow_mark(start, deadline, unit, cal)


def _register(case: Case, data: ActionInput, actor: User | None, now: datetime) -> Changes:
    changed = ["registered_at"]
    case.registered_at = now
    if data.category:
        case.category, changed = data.category, [*changed, "category"]
    if data.urgency in Urgency.values:
        case.urgency, changed = data.urgency, [*changed, "urgency"]
    return Changes(changed)


def _close(case: Case, data: ActionInput, actor: User | None, now: datetime) -> Changes:
    case.closed_at, case.result = now, data.note
    return Changes(["closed_at", "result"])


def _merge(case: Case, data: ActionInput, actor: User | None, now: datetime) -> Changes:
    # The engine locked the master together with the case (in id order, so two cases merged
    # into each other at once cannot deadlock) and put the locked row in data.master.
    master = data.master
    assert master is not None
    visible = actor is None or sees(actor, master)
    if master.pk == case.pk or not visible or master.kind == workflow.Kind.CLOSED:
        raise ValidationFailed(_("The master case must be another open case you can see."))
    case.merged_into, case.closed_at = master, now
    return Changes(["merged_into", "closed_at"], {"master": master.number})


def _dispatch(case: Case, data: ActionInput, actor: User | None, now: datetime) -> Changes:
    lead = data.lead_department
    assert lead is not None
    co = [d for d in dict.fromkeys(data.co_departments) if d.pk != lead.pk]
    if data.category:
        case.category = data.category
    if data.urgency in Urgency.values:
        case.urgency = data.urgency
    policy = policy_for(category_id=case.category_id, urgency=case.urgency)
    cal = WorkCalendar()
    # An urgent case whose clock ran in adjudication keeps its deadline: the time people
    # took to decide who handles it is not given back (a reassignment, which starts from
    # dispatched, does give the new unit the full time).
    clocked = (case.status == workflow.State.ADJUDICATING and case.finish_deadline is not None
               and case.policy_id == policy.pk)
    case.lead_department, case.policy, case.dispatched_at = lead, policy, now
    case.accept_deadline = add_limit(now, policy.accept_value, policy.accept_unit, cal)
    if not clocked:
        case.finish_deadline = add_limit(now, policy.finish_value, policy.finish_unit, cal)
        case.yellow_at = yellow_due(now, case.finish_deadline, policy.finish_unit, cal)
        case.warning = Warning.NONE
    case.adjudication_level = 0
    assert case.finish_deadline is not None
    return Changes(
        ["lead_department", "policy", "dispatched_at", "accept_deadline", "finish_deadline",
         "category", "urgency", "adjudication_level", "yellow_at", "warning"],
        {"lead": lead.name, "co": [d.name for d in co], "policy": policy.name,
         "finish_deadline": case.finish_deadline.isoformat()},
        # A case reaches dispatch with no co-handlers (a return clears them): insert, no diff.
        (lambda: _add_co_handlers(case, co)) if co else None,
    )


def _recall(case: Case, data: ActionInput, actor: User | None, now: datetime) -> Changes:
    """撤回: the case goes back to the dispatcher's queue as if never dispatched. The units
    it leaves (lead and co-handlers) are named in the event, so both hear of it."""
    lead = case.lead_department
    assert lead is not None
    through = Case.co_departments.through
    co = list(through.objects.filter(case_id=case.pk).values_list("department_id", flat=True))
    # As a return does: the deadlines go, dispatched_at stays (the next dispatch sets it).
    case.lead_department, case.accept_deadline, case.finish_deadline = None, None, None
    case.yellow_at, case.warning = None, Warning.NONE
    return Changes(
        ["lead_department", "accept_deadline", "finish_deadline", "yellow_at", "warning"],
        {"department": lead.name, "units": [lead.pk, *co]},
        # Only when there is something to delete: the step stays within its statements.
        (lambda: _drop_co_handlers(case)) if co else None,
    )


def _reassign(case: Case, data: ActionInput, actor: User | None, now: datetime) -> Changes:
    """改派: another lead unit, which signs for it afresh with the full time limits (the old
    unit's time is not the new unit's fault). Co-handlers stay; the new lead leaves them."""
    old, new = case.lead_department, data.lead_department
    assert old is not None and new is not None
    if new.pk == old.pk:
        raise ValidationFailed(_("Choose a lead department other than the current one."))
    dispatched = _dispatch(case, replace(data, co_departments=()), actor, now)
    case.accepted_at = None
    return Changes(
        [*dispatched.fields, "accepted_at"],
        {"from": old.name, "to": new.name, "units": [old.pk, new.pk],
         "policy": dispatched.details["policy"],
         "finish_deadline": dispatched.details["finish_deadline"]},
        lambda: _drop_co_handlers(case, new.pk),
    )


def _transfer_to_mediation(case: Case, data: ActionInput, actor: User | None, now: datetime
                           ) -> Changes:
    """秒转快办: the case goes to a mediation organisation as it is (number, trail, place,
    reporter); the organisation signs for it afresh with the full time limits. A unit that
    led it (and its co-handlers) lets go, and hears of it."""
    old, new = case.lead_department, data.lead_department
    assert new is not None
    if new.kind != DepartmentKind.MEDIATION:
        raise ValidationFailed(_("Choose a mediation organisation."))
    if old is not None and old.pk == new.pk:
        raise ValidationFailed(_("The case is already with this mediation organisation."))
    if case.registered_at is None:
        case.registered_at = now  # a report taken straight to mediation is registered by it
    dispatched = _dispatch(case, replace(data, co_departments=()), actor, now)
    case.accepted_at = None
    return Changes(
        [*dispatched.fields, "accepted_at", "registered_at"],
        {"to": new.name, "from": old.name if old else "", "channel": case.channel,
         "units": [*([old.pk] if old else []), new.pk],
         "policy": dispatched.details["policy"],
         "finish_deadline": dispatched.details["finish_deadline"]},
        (lambda: _drop_co_handlers(case)) if old is not None else None,
    )


def _hand_back(case: Case, data: ActionInput, actor: User | None, now: datetime) -> Changes:
    """退回: the mediation organisation gives the case back to the command center's dispatch
    queue (not a dispute after all, or the parties will not mediate), as a recall does. The
    table's guard made sure a mediation organisation leads it."""
    lead = case.lead_department
    assert lead is not None
    case.lead_department, case.accept_deadline, case.finish_deadline = None, None, None
    case.yellow_at, case.warning, case.accepted_at = None, Warning.NONE, None
    return Changes(
        ["lead_department", "accept_deadline", "finish_deadline", "yellow_at", "warning",
         "accepted_at"],
        {"department": lead.name, "units": [lead.pk]},
    )


def _pass_on(case: Case, data: ActionInput, actor: User | None, now: datetime) -> Changes:
    """转办: the mediation organisation passes the case to a department (or another
    organisation: a level up, 村社 → 街道 → 区), which signs for it afresh."""
    changes = _reassign(case, data, actor, now)
    changes.after = None  # a mediation organisation's case has no co-handlers
    return changes


def whistle_minutes() -> int:
    """吹哨报到: the minutes a called department has to acknowledge (报到)."""
    return int(getattr(settings, "TONGXIN_WHISTLE_MINUTES", 30))


def _calls_from_street_or_community(actor: User, case: Case) -> bool:
    place = case.place.path
    return any(
        m.region is not None and m.region.level in (Level.STREET, Level.COMMUNITY)
        and role_has(m.role, "cases.whistle") and place.startswith(m.region.path)
        for m in memberships_of(actor)
    )


def _whistle(case: Case, data: ActionInput, actor: User | None, now: datetime) -> Changes:
    """吹哨: the street's or community's command centre calls departments to the case; they
    join it as co-handlers (so they see it) and each must acknowledge by `due`
    (tongxin.whistle writes the calls from this event and sweeps the misses)."""
    if actor is None or not _calls_from_street_or_community(actor, case):
        raise PermissionDenied(_("Only a street's or community's command centre blows the "
                                 "whistle."))
    called = [d for d in dict.fromkeys(data.co_departments) if d.pk != case.lead_department_id]
    if not called:
        raise ValidationFailed(_("Name at least one department other than the lead unit."))
    minutes = whistle_minutes()
    due = now + timedelta(minutes=minutes)
    return Changes(
        [],
        {"units": [d.pk for d in called], "departments": [d.name for d in called],
         "due": due.isoformat(), "minutes": minutes},
        lambda: _call_in(case, called),
    )


def _call_in(case: Case, departments: list) -> None:
    """The called departments as co-handlers; one already co-handling stays as it is."""
    through = Case.co_departments.through
    through.objects.bulk_create([through(case_id=case.pk, department_id=d.pk)
                                 for d in departments], ignore_conflicts=True)


def _drop_co_handlers(case: Case, department_id: int | None = None) -> None:
    """One DELETE (no signals on the through table): all co-handlers, or one department."""
    rows = Case.co_departments.through.objects.filter(case_id=case.pk)
    if department_id is not None:
        rows = rows.filter(department_id=department_id)
    rows.delete()


def _add_co_handlers(case: Case, departments: list) -> None:
    through = Case.co_departments.through
    through.objects.bulk_create([through(case_id=case.pk, department_id=d.pk)
                                 for d in departments])


def _escalate(case: Case, data: ActionInput, actor: User | None, now: datetime) -> Changes:
    owner = case.owner
    assert owner.parent_id is not None
    parent = node(owner.parent_id)
    previous, case.owner_region = owner.name, parent
    return Changes(["owner_region"], {"from": previous, "to": parent.name})


def _adjudicate(case: Case, data: ActionInput, actor: User | None, now: datetime) -> Changes:
    case.adjudication_level = min(2, case.adjudication_level + 1)
    changed = ["adjudication_level"]
    details: dict[str, object] = {"level": case.adjudication_level}
    if case.urgency == Urgency.URGENT and case.finish_deadline is None:
        # Urgent never waits unclocked (cases.conditions.URGENT_ADJUDICATING): the urgent
        # policy's time to finish runs from here, warned yellow and red by the sweep, and
        # the dispatch that follows keeps it.
        policy = policy_for(category_id=case.category_id, urgency=Urgency.URGENT)
        cal = WorkCalendar()
        case.policy = policy
        case.finish_deadline = add_limit(now, policy.finish_value, policy.finish_unit, cal)
        case.yellow_at = yellow_due(now, case.finish_deadline, policy.finish_unit, cal)
        case.warning = Warning.NONE
        changed += ["policy", "finish_deadline", "yellow_at", "warning"]
        details.update(policy=policy.name, finish_deadline=case.finish_deadline.isoformat())
    return Changes(changed, details)


def _accept(case: Case, data: ActionInput, actor: User | None, now: datetime) -> Changes:
    case.accepted_at = now
    return Changes(["accepted_at"])


def _return(case: Case, data: ActionInput, actor: User | None, now: datetime) -> Changes:
    department = case.lead_department
    case.lead_department, case.accept_deadline, case.finish_deadline = None, None, None
    case.yellow_at, case.warning = None, Warning.NONE
    case.return_count += 1
    return Changes(
        ["lead_department", "accept_deadline", "finish_deadline", "return_count", "yellow_at",
         "warning"],
        {"department": department.name if department else ""},
        case.co_departments.clear,
    )


def _extend_request(case: Case, data: ActionInput, actor: User | None, now: datetime
                    ) -> Changes:
    assert data.until is not None
    if case.finish_deadline and data.until <= case.finish_deadline:
        raise ValidationFailed(_("The new deadline must be later than the current one."))
    case.extension_pending, case.extension_until = True, data.until
    case.extension_requested_at = now  # the finish clock pauses until the decision
    return Changes(["extension_pending", "extension_until", "extension_requested_at"],
                   {"until": data.until.isoformat()})


def _extend_approve(case: Case, data: ActionInput, actor: User | None, now: datetime
                    ) -> Changes:
    previous = case.finish_deadline
    case.finish_deadline, case.extension_pending = case.extension_until, False
    # The approved date is the new deadline as it stands; the pause adds nothing to it.
    case.extension_requested_at = None
    assert case.finish_deadline is not None
    unit = case.policy.finish_unit if case.policy else "natural_hours"
    case.yellow_at = yellow_due(case.dispatched_at or now, case.finish_deadline, unit)
    # A warning already raised stays raised if the new deadline is still near.
    case.warning = Warning.YELLOW if case.yellow_at <= now else Warning.NONE
    return Changes(
        ["finish_deadline", "extension_pending", "warning", "yellow_at",
         "extension_requested_at"],
        {"from": previous.isoformat() if previous else None,
         "to": case.finish_deadline.isoformat()},
    )


def _extend_deny(case: Case, data: ActionInput, actor: User | None, now: datetime) -> Changes:
    # The clock was paused while the request waited; the deadlines move by that pause.
    moved = resume_after_pause(case, now)
    case.extension_pending, case.extension_until = False, None
    case.extension_requested_at = None
    return Changes(
        ["extension_pending", "extension_until", "extension_requested_at", *moved],
        {"finish_deadline": case.finish_deadline.isoformat() if case.finish_deadline else None},
    )


def _reply(case: Case, data: ActionInput, actor: User | None, now: datetime) -> Changes:
    case.replied_at, case.result = now, data.note
    return Changes(["replied_at", "result"])


def _verify_pass(case: Case, data: ActionInput, actor: User | None, now: datetime) -> Changes:
    case.closed_at = now
    return Changes(["closed_at"])


def _verify_fail(case: Case, data: ActionInput, actor: User | None, now: datetime) -> Changes:
    case.replied_at = None
    return Changes(["replied_at"])


def _rate(case: Case, data: ActionInput, actor: User | None, now: datetime) -> Changes:
    case.rating, case.rated_at = data.rating, now
    # The round rated: a rework that follows under the same lock counts the next one.
    return Changes(["rating", "rated_at"], {"rating": data.rating, "round": case.rework_count})


def _reopen(case: Case, data: ActionInput, actor: User | None, now: datetime) -> Changes:
    case.rework_count += 1
    # The rating stays on the trail (the rate event) and in the return visit; the case's
    # own rating is for the new round.
    case.rating, case.rated_at, case.closed_at, case.replied_at = "", None, None, None
    # Rework gets a fresh finish time under the case's policy; the old deadline has passed.
    policy = case.policy or policy_for(category_id=case.category_id, urgency=case.urgency)
    case.finish_deadline = add_limit(now, policy.finish_value, policy.finish_unit)
    case.yellow_at = yellow_due(now, case.finish_deadline, policy.finish_unit)
    case.warning = Warning.NONE
    return Changes([
        "rework_count", "rating", "rated_at", "closed_at", "replied_at", "finish_deadline",
        "yellow_at", "warning",
    ], {"rework": case.rework_count, "finish_deadline": case.finish_deadline.isoformat()})


def _supervise(case: Case, data: ActionInput, actor: User | None, now: datetime) -> Changes:
    case.supervision_count += 1
    return Changes(["supervision_count"])


def _refer(case: Case, data: ActionInput, actor: User | None, now: datetime) -> Changes:
    case.referred = True
    return Changes(["referred"])


def _start_plan(case: Case, data: ActionInput, actor: User | None, now: datetime) -> Changes:
    """一键启动: nothing of the case changes; the event names the plan and the level, and
    tongxin.emergency's subscriber writes the incident from it (refusing an unknown plan)."""
    if data.level not in (1, 2, 3, 4):
        raise ValidationFailed(_("The level must be 1, 2, 3 or 4 (Ⅰ–Ⅳ)."))
    return Changes([], {"plan": data.plan, "level": data.level})


APPLY: dict[Action, Applier] = {
    Action.REGISTER: _register,
    Action.REJECT: _close,
    Action.MERGE: _merge,
    Action.ANSWER: _close,
    Action.CLOSE_ON_SPOT: _close,
    Action.DISPATCH: _dispatch,
    Action.RECALL: _recall,
    Action.REASSIGN: _reassign,
    Action.ESCALATE: _escalate,
    Action.ADJUDICATE: _adjudicate,
    Action.ACCEPT: _accept,
    Action.RETURN: _return,
    Action.EXTEND_REQUEST: _extend_request,
    Action.EXTEND_APPROVE: _extend_approve,
    Action.EXTEND_DENY: _extend_deny,
    Action.REPLY: _reply,
    Action.VERIFY_PASS: _verify_pass,
    Action.VERIFY_FAIL: _verify_fail,
    Action.RATE: _rate,
    Action.REOPEN: _reopen,
    Action.SUPERVISE: _supervise,
    Action.REFER: _refer,
    Action.TRANSFER_TO_MEDIATION: _transfer_to_mediation,
    Action.HAND_BACK: _hand_back,
    Action.PASS_ON: _pass_on,
    Action.START_PLAN: _start_plan,
    Action.WHISTLE: _whistle,
}
assert set(APPLY) == set(Action), "every action of the table has an applier"
