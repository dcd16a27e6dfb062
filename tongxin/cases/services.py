"""Writes to cases. Each one: lock the row → check jurisdiction and permission → change →
append the CaseEvent → notify on commit. Nothing else in the project writes a Case."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.accounts.access import can_act, has_permission, jurisdiction_filter
from tongxin.accounts.models import User
from tongxin.accounts.permissions import CREATE
from tongxin.core.errors import PermissionDenied, ValidationFailed
from tongxin.org.models import Category, Department
from tongxin.regions.models import Region
from tongxin.sla.calendar import WorkCalendar, add_limit
from tongxin.sla.clock import resume_after_pause, yellow_mark
from tongxin.sla.models import TimeLimitPolicy

from . import workflow
from .models import (
    CLOSED_STATUSES,
    Attachment,
    Case,
    CaseEvent,
    Rating,
    Status,
    Urgency,
    Warning,
)
from .numbering import next_number
from .placement import place_case
from .selectors import facts_of
from .workflow import Action, Transition


def rework_limit() -> int:
    return int(getattr(settings, "TONGXIN_REWORK_LIMIT", 2))


# ---------------------------------------------------------------- intake


@dataclass
class NewCase:
    channel: str
    title: str
    description: str = ""
    reporter_name: str = ""
    reporter_phone: str = ""
    reporter_email: str = ""
    reporter_id_number: str = ""
    reporter_user: User | None = None
    lat: float | None = None
    lng: float | None = None
    address: str = ""
    region: Region | None = None
    category: Category | None = None
    urgency: str = Urgency.NORMAL


def create_case(*, actor: User | None, new: NewCase, at: datetime | None = None,
                attachments: Sequence[UploadedFile] = (), note: str = "") -> Case:
    """Store a new report (state `reported`). `actor` None means a trusted channel adapter."""
    if actor is not None and not has_permission(actor, CREATE):
        raise PermissionDenied(_("You may not report cases."))
    if not new.title.strip():
        raise ValidationFailed(_("A title is required."))
    now = at or timezone.now()
    placement = place_case(region=new.region, lat=new.lat, lng=new.lng, address=new.address)
    with transaction.atomic():
        case = Case.objects.create(
            number=next_number(timezone.localtime(now).date()),
            channel=new.channel, title=new.title.strip()[:200], description=new.description,
            reporter_name=new.reporter_name, reporter_phone=new.reporter_phone,
            reporter_email=new.reporter_email, reporter_id_number=new.reporter_id_number,
            reporter_user=new.reporter_user or _citizen(actor),
            lat=new.lat, lng=new.lng, address=new.address,
            category=new.category, urgency=new.urgency, created_at=now,
            **placement,
        )
        event = CaseEvent.objects.create(
            case=case, action="report", actor=actor, at=now, from_status="",
            to_status=Status.REPORTED, note=note, data={"channel": new.channel},
        )
        _store_attachments(case, event, attachments, actor)
        _notify_on_commit(event)
    return case


def _citizen(actor: User | None) -> User | None:
    from tongxin.accounts.access import is_citizen_only

    return actor if actor is not None and is_citizen_only(actor) else None


# ---------------------------------------------------------------- workflow actions


@dataclass
class ActionInput:
    """Everything an action may take; each action reads the fields it needs."""

    note: str = ""
    lead_department: Department | None = None
    co_departments: Sequence[Department] = ()
    category: Category | None = None
    urgency: str = ""
    master: Case | None = None
    until: datetime | None = None
    rating: str = ""
    attachments: Sequence[UploadedFile] = field(default_factory=tuple)


def act(*, case_id: int, actor: User, action: str, data: ActionInput | None = None,
        at: datetime | None = None) -> Case:
    """Carry out one workflow action. Raises Case.DoesNotExist (outside jurisdiction or no
    such case), IllegalTransition, PermissionDenied or ValidationFailed; then nothing changed."""
    data = data or ActionInput()
    now = at or timezone.now()
    with transaction.atomic():
        case = _locked_visible_case(case_id, actor)
        row = workflow.transition_for(action, facts_of(case, rework_limit=rework_limit()))
        if not can_act(actor, row.permission, case, row.scope):
            raise PermissionDenied(_("You may not do this on this case."))
        _check_required(row, data)
        from_status = case.status
        changed, details = APPLY[row.action](case, data, actor, now)
        case.status = row.target_from(workflow.State(case.status))
        case.save(update_fields=[*changed, "status", "updated_at"])
        event = CaseEvent.objects.create(
            case=case, action=row.action, actor=actor, at=now, from_status=from_status,
            to_status=case.status, note=data.note, data=details,
        )
        _store_attachments(case, event, data.attachments, actor)
        _run_event_hooks(case, event)
        _notify_on_commit(event)
    return case


# Other apps react to workflow events inside the same transaction (triage records a
# dispatcher's correction of its suggestion); they register here from AppConfig.ready so the
# cases app imports none of them.
EVENT_HOOKS: list[Callable[[Case, CaseEvent], None]] = []


def _run_event_hooks(case: Case, event: CaseEvent) -> None:
    for hook in EVENT_HOOKS:
        hook(case, event)


def system_act(*, case_id: int, action: str, data: ActionInput | None = None,
               details: dict | None = None, at: datetime | None = None) -> Case:
    """One workflow action taken by the platform itself (smart triage), not by a person.

    The transition table still decides what is legal; there is no actor to check a permission
    or jurisdiction for, so the event has actor None and `details` (e.g. {"auto": true,
    "confidence": 0.98}) added to its data — the audit trail says the machine did it.
    """
    data = data or ActionInput()
    now = at or timezone.now()
    with transaction.atomic():
        case = Case.objects.select_for_update(of=("self",)).get(pk=case_id)
        row = workflow.transition_for(action, facts_of(case, rework_limit=rework_limit()))
        _check_required(row, data)
        from_status = case.status
        changed, applied = APPLY[row.action](case, data, None, now)  # type: ignore[arg-type]
        case.status = row.target_from(workflow.State(case.status))
        case.save(update_fields=[*changed, "status", "updated_at"])
        event = CaseEvent.objects.create(
            case=case, action=row.action, actor=None, at=now, from_status=from_status,
            to_status=case.status, note=data.note, data={**applied, **(details or {})},
        )
        _run_event_hooks(case, event)
        _notify_on_commit(event)
    return case


def _locked_visible_case(case_id: int, actor: User) -> Case:
    # Lock first, then test jurisdiction on the locked row: the check and the change see the
    # same version of the case.
    regions = ("owner_region", "district", "street", "community", "grid")
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related(*regions)
        # Only the regions' paths are needed here, not their polygons.
        .defer(*(f"{r}__geometry" for r in regions))
        .get(pk=case_id)
    )
    if not jurisdiction_filter(Case.objects.filter(pk=case_id), actor).exists():
        raise Case.DoesNotExist
    return case


def _check_required(row: Transition, data: ActionInput) -> None:
    missing = {
        "note": not data.note.strip(),
        "lead_department": data.lead_department is None,
        "master": data.master is None,
        "until": data.until is None,
        "rating": data.rating not in Rating.values,
    }
    for name in row.requires:
        if missing[name]:
            raise ValidationFailed(REQUIRED_MESSAGES[name]())


REQUIRED_MESSAGES: dict[str, Callable[[], str]] = {
    "note": lambda: _("Please give a reason or a note."),
    "lead_department": lambda: _("Choose the lead department."),
    "master": lambda: _("Choose the case to merge into."),
    "until": lambda: _("Give the new deadline you ask for."),
    "rating": lambda: _("Choose 满意, 基本满意 or 不满意."),
}

Changes = tuple[list[str], dict]
Applier = Callable[[Case, ActionInput, User, datetime], Changes]


def _register(case: Case, data: ActionInput, actor: User, now: datetime) -> Changes:
    changed = ["registered_at"]
    case.registered_at = now
    if data.category:
        case.category, changed = data.category, [*changed, "category"]
    if data.urgency in Urgency.values:
        case.urgency, changed = data.urgency, [*changed, "urgency"]
    return changed, {}


def _close(case: Case, data: ActionInput, actor: User, now: datetime) -> Changes:
    case.closed_at, case.result = now, data.note
    return ["closed_at", "result"], {}


def _merge(case: Case, data: ActionInput, actor: User, now: datetime) -> Changes:
    assert data.master is not None
    try:
        # Lock the master too, without waiting: two cases merged into each other at once
        # would otherwise deadlock, and the loser would see a raw database error.
        master = Case.objects.select_for_update(nowait=True).get(pk=data.master.pk)
    except DatabaseError:
        message = _("The master case is being changed right now; try again.")
        raise ValidationFailed(message) from None
    visible = jurisdiction_filter(Case.objects.filter(pk=master.pk), actor).exists()
    if master.pk == case.pk or not visible or master.kind == workflow.Kind.CLOSED:
        raise ValidationFailed(_("The master case must be another open case you can see."))
    case.merged_into, case.closed_at = master, now
    return ["merged_into", "closed_at"], {"master": master.number}


def _dispatch(case: Case, data: ActionInput, actor: User, now: datetime) -> Changes:
    lead = data.lead_department
    assert lead is not None
    co = [d for d in data.co_departments if d.pk != lead.pk]
    if data.category:
        case.category = data.category
    if data.urgency in Urgency.values:
        case.urgency = data.urgency
    policy = choose_policy(case)
    cal = WorkCalendar()
    case.lead_department, case.policy, case.dispatched_at = lead, policy, now
    case.accept_deadline = add_limit(now, policy.accept_value, policy.accept_unit, cal)
    case.finish_deadline = add_limit(now, policy.finish_value, policy.finish_unit, cal)
    case.adjudication_level = 0
    case.yellow_at = yellow_due(now, case.finish_deadline, policy.finish_unit, cal)
    case.warning = Warning.NONE
    case.co_departments.set(co)
    return (
        ["lead_department", "policy", "dispatched_at", "accept_deadline", "finish_deadline",
         "category", "urgency", "adjudication_level", "yellow_at", "warning"],
        {"lead": lead.name, "co": [d.name for d in co], "policy": policy.name,
         "finish_deadline": case.finish_deadline.isoformat()},
    )


def yellow_due(start: datetime, deadline: datetime, unit: str = "natural_hours",
               cal: WorkCalendar | None = None) -> datetime:
    # A share of the time counted like the limit (working time for working-day limits).
    return yellow_mark(start, deadline, unit, cal)


def choose_policy(case: Case) -> TimeLimitPolicy:
    """Urgent cases take the `urgent` policy; others their category's, else `general`."""
    if case.urgency == Urgency.URGENT:
        name = "urgent"
    else:
        policy = case.category.effective_policy() if case.category else None
        if policy is not None:
            return policy
        name = "general"
    try:
        return TimeLimitPolicy.objects.get(name=name)
    except TimeLimitPolicy.DoesNotExist:
        raise ValidationFailed(
            _("Time-limit policy “%(name)s” is missing; ask an administrator.") % {"name": name}
        ) from None


def _escalate(case: Case, data: ActionInput, actor: User, now: datetime) -> Changes:
    parent = case.owner_region.parent
    assert parent is not None
    previous, case.owner_region = case.owner_region.name, parent
    return ["owner_region"], {"from": previous, "to": parent.name}


def _adjudicate(case: Case, data: ActionInput, actor: User, now: datetime) -> Changes:
    case.adjudication_level = min(2, case.adjudication_level + 1)
    return ["adjudication_level"], {"level": case.adjudication_level}


def _accept(case: Case, data: ActionInput, actor: User, now: datetime) -> Changes:
    case.accepted_at = now
    return ["accepted_at"], {}


def _return(case: Case, data: ActionInput, actor: User, now: datetime) -> Changes:
    department = case.lead_department
    case.lead_department, case.accept_deadline, case.finish_deadline = None, None, None
    case.yellow_at, case.warning = None, Warning.NONE
    case.return_count += 1
    case.co_departments.clear()
    return (
        ["lead_department", "accept_deadline", "finish_deadline", "return_count", "yellow_at",
         "warning"],
        {"department": department.name if department else ""},
    )


def _extend_request(case: Case, data: ActionInput, actor: User, now: datetime) -> Changes:
    assert data.until is not None
    if case.finish_deadline and data.until <= case.finish_deadline:
        raise ValidationFailed(_("The new deadline must be later than the current one."))
    case.extension_pending, case.extension_until = True, data.until
    case.extension_requested_at = now  # the finish clock pauses until the decision
    return (
        ["extension_pending", "extension_until", "extension_requested_at"],
        {"until": data.until.isoformat()},
    )


def _extend_approve(case: Case, data: ActionInput, actor: User, now: datetime) -> Changes:
    previous = case.finish_deadline
    case.finish_deadline, case.extension_pending = case.extension_until, False
    # The approved date is the new deadline as it stands; the pause adds nothing to it.
    case.extension_requested_at = None
    assert case.finish_deadline is not None
    unit = case.policy.finish_unit if case.policy else "natural_hours"
    case.yellow_at = yellow_due(case.dispatched_at or now, case.finish_deadline, unit)
    case.warning = _warning_after_extension(case, now)
    return (
        ["finish_deadline", "extension_pending", "warning", "yellow_at",
         "extension_requested_at"],
        {"from": previous.isoformat() if previous else None,
         "to": case.finish_deadline.isoformat() if case.finish_deadline else None},
    )


def _warning_after_extension(case: Case, now: datetime) -> str:
    # A warning already raised stays raised if the new deadline is still near.
    assert case.yellow_at is not None
    return Warning.YELLOW if case.yellow_at <= now else Warning.NONE


def _extend_deny(case: Case, data: ActionInput, actor: User, now: datetime) -> Changes:
    # The clock was paused while the request waited; the deadlines move by that pause.
    moved = resume_after_pause(case, now)
    case.extension_pending, case.extension_until = False, None
    case.extension_requested_at = None
    return (
        ["extension_pending", "extension_until", "extension_requested_at", *moved],
        {"finish_deadline": case.finish_deadline.isoformat() if case.finish_deadline else None},
    )


def _reply(case: Case, data: ActionInput, actor: User, now: datetime) -> Changes:
    case.replied_at, case.result = now, data.note
    return ["replied_at", "result"], {}


def _verify_pass(case: Case, data: ActionInput, actor: User, now: datetime) -> Changes:
    case.closed_at = now
    return ["closed_at"], {}


def _verify_fail(case: Case, data: ActionInput, actor: User, now: datetime) -> Changes:
    case.replied_at = None
    return ["replied_at"], {}


def _rate(case: Case, data: ActionInput, actor: User, now: datetime) -> Changes:
    case.rating, case.rated_at = data.rating, now
    return ["rating", "rated_at"], {"rating": data.rating}


def _reopen(case: Case, data: ActionInput, actor: User, now: datetime) -> Changes:
    case.rework_count += 1
    case.rating, case.rated_at, case.closed_at, case.replied_at = "", None, None, None
    # Rework gets a fresh finish time under the case's policy; the old deadline has passed.
    policy = case.policy or choose_policy(case)
    case.finish_deadline = add_limit(now, policy.finish_value, policy.finish_unit)
    case.yellow_at = yellow_due(now, case.finish_deadline, policy.finish_unit)
    case.warning = Warning.NONE
    return [
        "rework_count", "rating", "rated_at", "closed_at", "replied_at", "finish_deadline",
        "yellow_at", "warning",
    ], {"rework": case.rework_count, "finish_deadline": case.finish_deadline.isoformat()}


def _supervise(case: Case, data: ActionInput, actor: User, now: datetime) -> Changes:
    case.supervision_count += 1
    return ["supervision_count"], {}


def _refer(case: Case, data: ActionInput, actor: User, now: datetime) -> Changes:
    case.referred = True
    return ["referred"], {}


APPLY: dict[Action, Applier] = {
    Action.REGISTER: _register,
    Action.REJECT: _close,
    Action.MERGE: _merge,
    Action.ANSWER: _close,
    Action.CLOSE_ON_SPOT: _close,
    Action.DISPATCH: _dispatch,
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
}
assert set(APPLY) == set(Action), "every action of the table has an applier"


# ---------------------------------------------------------------- shared steps

def _store_attachments(case: Case, event: CaseEvent, files: Sequence[UploadedFile],
                       actor: User | None) -> None:
    for upload in files:
        Attachment.objects.create(
            case=case, event=event, file=upload,
            content_type=getattr(upload, "content_type", "") or "application/octet-stream",
            size=upload.size or 0, uploaded_by=actor,
        )


def _notify_on_commit(event: CaseEvent) -> None:
    from tongxin.notifications.services import notify_case_event
    from tongxin.outbound.services import queue_for_event

    event_id = event.pk
    transaction.on_commit(lambda: notify_case_event(event_id=event_id))
    # Outbound messages (webhooks, SMS) are queued separately and robustly: the case is
    # already committed, so a failure here must not turn into an error for the actor.
    transaction.on_commit(lambda: queue_for_event(event_id=event_id), robust=True)
    closing = event.to_status in CLOSED_STATUSES and event.from_status != event.to_status
    if closing and Case.objects.filter(merged_into_id=event.case_id).exists():
        from .linking import relay_master_outcome

        # The outcome of a master case goes back to every case merged into it.
        transaction.on_commit(lambda: relay_master_outcome(event_id=event_id), robust=True)
