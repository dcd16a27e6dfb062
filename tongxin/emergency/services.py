"""Writes of emergency command (应急指挥). An incident starts with the engine's `start_plan`
action on a case (whatever door: the API's generated endpoint, the page, a drill): a bus
subscriber writes the incident in the event's transaction, and once that has committed the
plan's steps for the level become task cases of their units on the dispatch engine —
registered, dispatched (the inbox tells each unit at once) and given the step's deadline in
minutes. Changing the level opens or cancels the difference; closing takes the after-action
report. Committing a team or an expert and issuing stock are recorded on the case's trail
(the incident's timeline), each under the case's row lock.

Stock never goes negative: an issue is one conditional UPDATE (`quantity >= n`), so of two
commanders issuing the last item at once exactly one succeeds; the database's check
constraint is the last guard.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.accounts.access import has_permission
from tongxin.accounts.models import User
from tongxin.accounts.permissions import EMERGENCY_COMMAND, START_PLAN
from tongxin.cases import events
from tongxin.cases.access import can_act, sees
from tongxin.cases.events import Recorded
from tongxin.cases.models import Case, Channel, Urgency, Warning
from tongxin.cases.services import ActionInput, NewCase, Step, act_steps, create_case
from tongxin.cases.workflow import Kind, Scope
from tongxin.core.errors import PermissionDenied, ValidationFailed
from tongxin.core.language import in_default_language
from tongxin.org.models import Category
from tongxin.regions.models import Region

from .models import (
    LEVEL_NAMES,
    Commitment,
    Expert,
    Incident,
    IncidentStatus,
    IncidentStep,
    MaterialRequest,
    MoveKind,
    PlanLevel,
    PlanStep,
    PlanVersion,
    RequestStatus,
    StepStatus,
    StockItem,
    StockMove,
    Team,
    TeamStatus,
    TeamStatusLog,
)

log = logging.getLogger("tongxin.emergency")
TASK_CATEGORY = "emergency-task"
REVISION_CATEGORY = "emergency-revision"


def task_category() -> Category:
    category, _created = Category.objects.get_or_create(
        code=TASK_CATEGORY, defaults={"name": "应急处置任务", "level": 1})
    return category


def revision_category() -> Category:
    category, _created = Category.objects.get_or_create(
        code=REVISION_CATEGORY, defaults={"name": "应急预案修订", "level": 1})
    return category


def latest_version(plan_id: int) -> PlanVersion | None:
    return (PlanVersion.objects.filter(plan_id=plan_id, plan__active=True)
            .order_by("-number").first())


# ---------------------------------------------------------------- the bus subscribers


def on_plan_started(items: Sequence[Recorded]) -> None:
    """start_plan: the incident, on the plan's latest version, in one read and one insert.
    An unknown plan, a level the plan does not have or a second active incident of the case
    refuses the action (the whole transaction rolls back)."""
    for item in items:
        case, event = item.case, item.event
        level = int(event.data["level"])
        version = (PlanVersion.objects.filter(plan_id=event.data.get("plan"), plan__active=True)
                   .annotate(
                       has_level=Exists(PlanLevel.objects.filter(version=OuterRef("pk"),
                                                                 level=level)),
                       busy=Exists(Incident.objects.filter(case_id=case.pk,
                                                           status=IncidentStatus.ACTIVE)))
                   .order_by("-number").first())
        if version is None:
            raise ValidationFailed(_("No such emergency plan."))
        if not version.has_level:  # type: ignore[attr-defined]
            raise ValidationFailed(_("The plan has no level %(level)s.")
                                   % {"level": LEVEL_NAMES[level]})
        if version.busy:  # type: ignore[attr-defined]
            raise ValidationFailed(_("An incident of this case is already active; change its "
                                     "level instead."))
        Incident.objects.create(case=case, plan_version=version, level=level,
                                drill=case.channel == Channel.DRILL, started_at=event.at,
                                started_by_id=event.actor_id)


def open_started_tasks(items: Sequence[Recorded]) -> None:
    for item in items:
        for incident_id in Incident.objects.filter(
                case_id=item.case.pk, tasks_opened=False).values_list("pk", flat=True):
            open_tasks(incident_id=incident_id)


def open_pending(*, now: datetime | None = None) -> dict:
    """Worker job: the tasks of an incident whose process died between the commit of its
    start and the opening of its tasks (normally none)."""
    now = now or timezone.now()
    ids = list(Incident.objects.filter(tasks_opened=False, status=IncidentStatus.ACTIVE,
                                       started_at__lte=now - timedelta(minutes=1))
               .values_list("pk", flat=True)[:50])
    for incident_id in ids:
        open_tasks(incident_id=incident_id, now=now)
    return {"incidents": len(ids)}


def steps_at(version_id: int, level: int):
    """The steps of a level: its own and those of every milder level (a larger number)."""
    return (PlanStep.objects.filter(plan_level__version_id=version_id, plan_level__level__gte=level)
            .select_related("department", "plan_level").order_by("offset_minutes", "order", "pk"))


def open_tasks(*, incident_id: int, now: datetime | None = None) -> int:
    """The task cases of the incident's steps at its level, once (the incident row is locked
    and marked)."""
    now = now or timezone.now()
    with transaction.atomic():
        incident = (Incident.objects.select_for_update()
                    .select_related("case", "plan_version__plan")
                    .filter(pk=incident_id, tasks_opened=False).first())
        if incident is None:
            return 0
        opened = _open_steps(incident, list(steps_at(incident.plan_version_id, incident.level)),
                             base=incident.started_at, now=now)
        Incident.objects.filter(pk=incident.pk).update(tasks_opened=True)
    return opened


@in_default_language
def _open_steps(incident: Incident, steps: list[PlanStep], *, base: datetime,
                now: datetime) -> int:
    have = set(IncidentStep.objects.filter(incident=incident).values_list("step_id", flat=True))
    steps = [s for s in steps if s.pk not in have]
    if not steps:
        return 0
    origin = incident.case
    region = Region.objects.get(pk=origin.grid_id) if origin.grid_id else None
    category = task_category()
    plan = incident.plan_version.plan.name
    channel = Channel.DRILL if incident.drill else Channel.EMERGENCY
    rows = []
    for step in steps:
        due = base + timedelta(minutes=step.offset_minutes + step.deadline_minutes)
        title = _("[%(plan)s %(level)s] %(action)s") % {
            "plan": plan, "level": LEVEL_NAMES[incident.level], "action": step.action}
        task = create_case(actor=None, at=now, new=NewCase(
            channel=channel, title=title[:200], region=region, lat=origin.lat, lng=origin.lng,
            address=origin.address, category=category, urgency=Urgency.URGENT,
            description=_("Step of the emergency plan %(plan)s started from case %(number)s: "
                          "%(action)s (T+%(offset)s min, %(minutes)s min to finish).") % {
                "plan": plan, "number": origin.number, "action": step.action,
                "offset": step.offset_minutes, "minutes": step.deadline_minutes}))
        details = {"auto": True, "incident": incident.pk, "step": step.pk}
        act_steps(case_id=task.pk, at=now, steps=[
            Step("register", None, details=details),
            Step("dispatch", None, ActionInput(lead_department=step.department), details)])
        # The step's own time, in minutes, not the category's policy in hours or days.
        start = max(now, base + timedelta(minutes=step.offset_minutes))
        Case.objects.filter(pk=task.pk).update(
            accept_deadline=min(due, start + timedelta(minutes=15)), finish_deadline=due,
            yellow_at=now + (due - now) * 0.8 if due > now else due, warning=Warning.NONE)
        rows.append(IncidentStep(incident=incident, step=step, task=task, due_at=due))
    IncidentStep.objects.bulk_create(rows)
    return len(rows)


# ---------------------------------------------------------------- commanding an incident


def _locked_incident(incident_id: int, actor: User) -> tuple[Case, Incident]:
    incident = Incident.objects.filter(pk=incident_id).first()
    if incident is None:
        raise Incident.DoesNotExist
    case = (Case.objects.select_for_update(of=("self",)).filter(pk=incident.case_id).first())
    if case is None or not sees(actor, case):
        raise Incident.DoesNotExist
    if not can_act(actor, START_PLAN, case, Scope.COMMAND) or not has_permission(
            actor, EMERGENCY_COMMAND):
        raise PermissionDenied(_("Only the command centre over the case commands its "
                                 "incident."))
    incident = (Incident.objects.select_for_update().select_related("plan_version__plan")
                .get(pk=incident_id))
    incident.case = case
    if incident.status != IncidentStatus.ACTIVE:
        raise ValidationFailed(_("The incident is closed."))
    return case, incident


def _record(case: Case, actor: User, action: str, at: datetime, note: str = "",
            data: dict | None = None) -> None:
    events.record(case, events.new_event(case, action=action, actor=actor, at=at, note=note,
                                         data=data))


def change_level(*, incident_id: int, actor: User, level: int, at: datetime | None = None
                 ) -> Incident:
    """Raise (to a smaller number: more steps) or lower the level: the steps the new level
    adds become task cases; those it drops, still open, are cancelled on the engine."""
    now = at or timezone.now()
    if level not in LEVEL_NAMES:
        raise ValidationFailed(_("The level must be 1, 2, 3 or 4 (Ⅰ–Ⅳ)."))
    with transaction.atomic():
        case, incident = _locked_incident(incident_id, actor)
        if level == incident.level:
            raise ValidationFailed(_("The incident is at this level already."))
        if not incident.plan_version.levels.filter(level=level).exists():
            raise ValidationFailed(_("The plan has no level %(level)s.")
                                   % {"level": LEVEL_NAMES[level]})
        old = incident.level
        incident.level = level
        incident.save(update_fields=["level"])
        _record(case, actor, "emergency_level", now,
                data={"incident": incident.pk, "from": old, "to": level})
        if level < old:
            _open_steps(incident, list(steps_at(incident.plan_version_id, level)), base=now,
                        now=now)
        else:
            dropped = IncidentStep.objects.filter(
                incident=incident, status=StepStatus.OPEN,
                step__plan_level__level__lt=level).select_related("task")
            _cancel(list(dropped), now, _("Cancelled: the incident was lowered to level "
                                          "%(level)s.") % {"level": LEVEL_NAMES[level]})
    return incident


@in_default_language
def _cancel(steps: list[IncidentStep], now: datetime, note: str) -> None:
    details = {"auto": True, "cancelled": True}
    for row in steps:
        if row.task is not None and row.task.kind != Kind.CLOSED:
            act_steps(case_id=row.task.pk, at=now, steps=[
                Step(name, None, ActionInput(note=note), details, optional=True)
                for name in ("recall", "reject", "reply", "verify_pass")])
        row.status, row.cancelled_at = StepStatus.CANCELLED, now
        row.save(update_fields=["status", "cancelled_at"])


def late_steps(incident: Incident, now: datetime) -> list[IncidentStep]:
    """Steps not cancelled whose task finished after its deadline, or is still open past it."""
    late = []
    for row in incident.steps.select_related("task").filter(status=StepStatus.OPEN):
        task = row.task
        if task is None or task.finish_deadline is None:
            continue
        finished = task.closed_at if task.kind == Kind.CLOSED else None
        if (finished or now) > task.finish_deadline:
            late.append(row)
    return late


def close_incident(*, incident_id: int, actor: User, report: str, at: datetime | None = None
                   ) -> Incident:
    """End the incident with its after-action report: committed teams and experts are free
    again, open tasks are cancelled. A drill whose steps ran late opens a 'revise the plan'
    task for the plan's owning unit."""
    now = at or timezone.now()
    if not report.strip():
        raise ValidationFailed(_("Write the after-action report."))
    with transaction.atomic():
        case, incident = _locked_incident(incident_id, actor)
        late = late_steps(incident, now)
        incident.status, incident.closed_at, incident.report = (
            IncidentStatus.CLOSED, now, report.strip())
        if incident.drill and late:
            incident.revision_case = _revision_task(incident, late, now)
        incident.save(update_fields=["status", "closed_at", "report", "revision_case"])
        _release(incident, actor, now)
        still_open = [r for r in incident.steps.select_related("task").filter(
            status=StepStatus.OPEN) if r.task is not None and r.task.kind != Kind.CLOSED]
        _cancel(still_open, now, _("Cancelled: the incident was closed."))
        _record(case, actor, "emergency_close", now, note=incident.report, data={
            "incident": incident.pk, "late": [r.step_id for r in late],
            "revision": incident.revision_case.number if incident.revision_case else None})
    return incident


@in_default_language
def _revision_task(incident: Incident, late: list[IncidentStep], now: datetime) -> Case:
    plan = incident.plan_version.plan
    lines = "\n".join(
        f"- {r.step.action} ({r.step.department.name})"
        for r in IncidentStep.objects.filter(pk__in=[r.pk for r in late])
        .select_related("step__department"))
    origin = incident.case
    region = Region.objects.get(pk=origin.grid_id) if origin.grid_id else None
    task = create_case(actor=None, at=now, new=NewCase(
        channel=Channel.EMERGENCY, region=region, lat=origin.lat, lng=origin.lng,
        category=revision_category(),
        title=(_("Revise the emergency plan %(plan)s") % {"plan": plan.name})[:200],
        description=_("The drill of plan %(plan)s v%(version)s ran late in these steps:\n"
                      "%(steps)s") % {"plan": plan.name, "version": incident.plan_version.number,
                                      "steps": lines}))
    details = {"auto": True, "incident": incident.pk, "revision": True}
    return act_steps(case_id=task.pk, at=now, steps=[
        Step("register", None, details=details),
        Step("dispatch", None, ActionInput(lead_department=plan.owner), details)]).case


def _release(incident: Incident, actor: User, now: datetime) -> None:
    commitments = list(incident.commitments.filter(released_at__isnull=True))
    teams = [c.team_id for c in commitments if c.team_id]
    experts = [c.expert_id for c in commitments if c.expert_id]
    if teams:
        Team.objects.filter(pk__in=teams, status=TeamStatus.COMMITTED).update(
            status=TeamStatus.AVAILABLE)
        TeamStatusLog.objects.bulk_create([
            TeamStatusLog(team_id=t, from_status=TeamStatus.COMMITTED,
                          to_status=TeamStatus.AVAILABLE, incident=incident, actor=actor, at=now)
            for t in teams])
    if experts:
        Expert.objects.filter(pk__in=experts).update(available=True)
    incident.commitments.filter(released_at__isnull=True).update(released_at=now)


def commit_team(*, incident_id: int, actor: User, team_id: int, at: datetime | None = None
                ) -> Commitment:
    """The team goes to the incident: available → committed, logged (locked: two commanders
    cannot take the same team)."""
    now = at or timezone.now()
    with transaction.atomic():
        case, incident = _locked_incident(incident_id, actor)
        team = Team.objects.select_for_update().filter(pk=team_id).first()
        if team is None:
            raise ValidationFailed(_("No such team."))
        if team.status != TeamStatus.AVAILABLE:
            raise ValidationFailed(_("The team %(team)s is not available (%(status)s).")
                                   % {"team": team.name, "status": team.get_status_display()})
        team.status = TeamStatus.COMMITTED
        team.save(update_fields=["status"])
        TeamStatusLog.objects.create(team=team, from_status=TeamStatus.AVAILABLE,
                                     to_status=TeamStatus.COMMITTED, incident=incident,
                                     actor=actor, at=now)
        commitment = Commitment.objects.create(incident=incident, team=team, at=now, actor=actor)
        _record(case, actor, "emergency_commit", now, note=team.name,
                data={"incident": incident.pk, "team": team.pk})
    return commitment


def commit_expert(*, incident_id: int, actor: User, expert_id: int, at: datetime | None = None
                  ) -> Commitment:
    now = at or timezone.now()
    with transaction.atomic():
        case, incident = _locked_incident(incident_id, actor)
        if not Expert.objects.filter(pk=expert_id, available=True).update(available=False):
            raise ValidationFailed(_("The expert is not available."))
        expert = Expert.objects.get(pk=expert_id)
        commitment = Commitment.objects.create(incident=incident, expert=expert, at=now,
                                               actor=actor)
        _record(case, actor, "emergency_commit", now, note=expert.name,
                data={"incident": incident.pk, "expert": expert.pk})
    return commitment


# ---------------------------------------------------------------- stock


def _take(stock_id: int, quantity: int) -> int:
    """Decrement in one conditional UPDATE; the balance after it, or a refusal that says how
    much is left. Never below zero, also under concurrent issues."""
    if quantity < 1:
        raise ValidationFailed(_("Issue at least one."))
    if not StockItem.objects.filter(pk=stock_id, quantity__gte=quantity).update(
            quantity=F("quantity") - quantity):
        left = StockItem.objects.filter(pk=stock_id).values_list("quantity", flat=True).first()
        if left is None:
            raise ValidationFailed(_("No such stock item."))
        raise ValidationFailed(_("Not enough stock: %(left)s left, %(asked)s asked for.")
                               % {"left": left, "asked": quantity})
    return StockItem.objects.filter(pk=stock_id).values_list("quantity", flat=True).get()


def issue_stock(*, incident_id: int, actor: User, stock_id: int, quantity: int,
                at: datetime | None = None) -> StockMove:
    """出库 for an incident: the stock decremented (never negative), the ledger line, the
    case's trail."""
    now = at or timezone.now()
    refusal: Exception | None = None
    with transaction.atomic():
        case, incident = _locked_incident(incident_id, actor)
        try:
            balance = _take(stock_id, quantity)
        except ValidationFailed as exc:
            refusal = exc
        else:
            stock = StockItem.objects.select_related("item", "warehouse").get(pk=stock_id)
            move = StockMove.objects.create(stock=stock, kind=MoveKind.ISSUE, delta=-quantity,
                                            balance=balance, incident=incident, actor=actor,
                                            at=now)
            _record(case, actor, "emergency_issue", now,
                    note=f"{stock.warehouse.name}: {stock.item.name} × {quantity}",
                    data={"incident": incident.pk, "stock": stock.pk, "quantity": quantity,
                          "balance": balance})
    if refusal is not None:
        raise refusal
    return move


def _commander(actor: User) -> None:
    if not has_permission(actor, EMERGENCY_COMMAND):
        raise PermissionDenied(_("Only the command centre handles material requests."))


def request_material(*, actor: User, stock_id: int, quantity: int, purpose: str = "",
                     incident_id: int | None = None, at: datetime | None = None
                     ) -> MaterialRequest:
    """申领."""
    if not has_permission(actor, "emergency.view"):
        raise PermissionDenied(_("You may not request materials."))
    if quantity < 1:
        raise ValidationFailed(_("Request at least one."))
    if not StockItem.objects.filter(pk=stock_id).exists():
        raise ValidationFailed(_("No such stock item."))
    return MaterialRequest.objects.create(stock_id=stock_id, quantity=quantity, purpose=purpose,
                                          incident_id=incident_id, requested_by=actor,
                                          requested_at=at or timezone.now())


def _locked_request(request_id: int, status: str) -> MaterialRequest:
    req = MaterialRequest.objects.select_for_update().filter(pk=request_id).first()
    if req is None:
        raise ValidationFailed(_("No such material request."))
    if req.status != status:
        raise ValidationFailed(_("The request is %(status)s; this step is not possible now.")
                               % {"status": req.get_status_display()})
    return req


def decide_request(*, actor: User, request_id: int, approve: bool,
                   at: datetime | None = None) -> MaterialRequest:
    """审批."""
    _commander(actor)
    with transaction.atomic():
        req = _locked_request(request_id, RequestStatus.REQUESTED)
        req.status = RequestStatus.APPROVED if approve else RequestStatus.REFUSED
        req.decided_by, req.decided_at = actor, at or timezone.now()
        req.save(update_fields=["status", "decided_by", "decided_at"])
    return req


def issue_request(*, actor: User, request_id: int, at: datetime | None = None
                  ) -> MaterialRequest:
    """出库 of an approved request (the same conditional decrement as an incident's issue)."""
    _commander(actor)
    now = at or timezone.now()
    refusal: Exception | None = None
    with transaction.atomic():
        req = _locked_request(request_id, RequestStatus.APPROVED)
        try:
            balance = _take(req.stock_id, req.quantity)
        except ValidationFailed as exc:
            refusal = exc
        else:
            StockMove.objects.create(stock_id=req.stock_id, kind=MoveKind.ISSUE,
                                     delta=-req.quantity, balance=balance, request=req,
                                     incident_id=req.incident_id, actor=actor, at=now)
            req.status, req.issued_at = RequestStatus.ISSUED, now
            req.save(update_fields=["status", "issued_at"])
    if refusal is not None:
        raise refusal
    return req


def settle_request(*, actor: User, request_id: int, returned: int,
                   at: datetime | None = None) -> MaterialRequest:
    """归还 (some or all back into the warehouse) or 消耗 (none back)."""
    _commander(actor)
    now = at or timezone.now()
    with transaction.atomic():
        req = _locked_request(request_id, RequestStatus.ISSUED)
        if not 0 <= returned <= req.quantity:
            raise ValidationFailed(_("Return between 0 and %(n)s.") % {"n": req.quantity})
        if returned:
            StockItem.objects.filter(pk=req.stock_id).update(quantity=F("quantity") + returned)
            balance = StockItem.objects.filter(pk=req.stock_id).values_list(
                "quantity", flat=True).get()
            StockMove.objects.create(stock_id=req.stock_id, kind=MoveKind.RETURN,
                                     delta=returned, balance=balance, request=req,
                                     incident_id=req.incident_id, actor=actor, at=now)
        req.returned = returned
        req.status = RequestStatus.RETURNED if returned else RequestStatus.CONSUMED
        req.settled_at = now
        req.save(update_fields=["returned", "status", "settled_at"])
    return req


def receive_stock(*, stock_id: int, quantity: int, actor: User | None = None,
                  at: datetime | None = None, note: str = "") -> StockMove:
    """入库 (the demo's and the importer's door): the ledger line with the new balance."""
    with transaction.atomic():
        StockItem.objects.filter(pk=stock_id).update(quantity=F("quantity") + quantity)
        balance = StockItem.objects.filter(pk=stock_id).values_list("quantity", flat=True).get()
        return StockMove.objects.create(stock_id=stock_id, kind=MoveKind.RECEIVE, delta=quantity,
                                        balance=balance, actor=actor, at=at or timezone.now(),
                                        note=note)


# ---------------------------------------------------------------- drills


def start_drill(*, actor: User, plan_id: int, level: int, lat: float, lng: float,
                at: datetime | None = None) -> Incident:
    """演练: a case of channel 'drill' (no real statistic counts it) where the drill is
    held, registered, and the plan started on it like any other case."""
    now = at or timezone.now()
    version = latest_version(plan_id)
    if version is None:
        raise ValidationFailed(_("No such emergency plan."))
    opened = now - timedelta(seconds=1)  # the drill's case, a moment before its start
    case = create_case(actor=actor, at=opened, new=NewCase(
        channel=Channel.DRILL, lat=lat, lng=lng, urgency=Urgency.URGENT,
        title=(_("Drill: %(plan)s, level %(level)s") % {
            "plan": version.plan.name, "level": LEVEL_NAMES.get(level, level)})[:200]))
    act_steps(case_id=case.pk, at=opened, steps=[
        Step("register", None, details={"auto": True, "drill": True})])
    act_steps(case_id=case.pk, at=now, steps=[
        Step("start_plan", actor, ActionInput(plan=plan_id, level=level))])
    return Incident.objects.get(case=case, status=IncidentStatus.ACTIVE)
