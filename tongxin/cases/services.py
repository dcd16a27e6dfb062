"""Writes to cases: the one door. Each write locks the row (or creates it), checks that the
writer may see it and may do this, changes it, and records the event through the bus
(tongxin.cases.events), whose subscribers write the inbox, the outbox and the rest in the
same transaction. Nothing else in the project writes a Case's state.

Refusals (not visible, illegal move, no permission, a missing input) are decided before
anything is written and raised after the block: a caller's own transaction (a request's, a
test's, a longer service's) stays usable, and nothing changed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.accounts.access import has_permission, is_citizen_only
from tongxin.accounts.models import User
from tongxin.accounts.permissions import CREATE
from tongxin.core.errors import PermissionDenied, TongxinError, ValidationFailed
from tongxin.core.language import in_default_language
from tongxin.org.models import Category, Department
from tongxin.regions.models import Region

from . import events, workflow
from .access import can_act, sees
from .appliers import APPLY, Changes
from .models import Attachment, Case, CaseEvent, Rating, Urgency
from .numbering import next_number
from .placement import check_reporter_may_place, place_case
from .selectors import facts_of
from .workflow import IllegalTransition, Transition


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


# Extra writes of the door that creates the case (an idempotency record, uploads linked),
# run inside the same transaction once the case and its first event are stored.
Then = Callable[[Case, CaseEvent], None]


def create_case(*, actor: User | None, new: NewCase, at: datetime | None = None,
                attachments: Sequence[UploadedFile] = (), note: str = "",
                then: Then | None = None) -> Case:
    """Store a new report (state `reported`). `actor` None means a trusted channel adapter
    or an anonymous citizen. Raises PermissionDenied when staff report outside their
    jurisdiction, ValidationFailed for a report that cannot be placed or has no title."""
    if actor is not None and not has_permission(actor, CREATE):
        raise PermissionDenied(_("You may not report cases."))
    if not new.title.strip():
        raise ValidationFailed(_("A title is required."))
    now = at or timezone.now()
    case = draft_case(new, actor=actor, at=now)
    with transaction.atomic(savepoint=False):
        case.number = next_number(timezone.localtime(now).date())
        event = events.new_event(case, action="report", actor=actor, at=now, from_status="",
                                 note=note, data={"channel": new.channel})
        events.record(case, event, new_case=True, attachments=_files(attachments, actor))
        if then is not None:
            then(case, event)
    return case


def draft_case(new: NewCase, *, actor: User | None, at: datetime) -> Case:
    """The case a report would become, placed and checked, not stored (no number yet): what
    a door may score before it writes (possible duplicates), so no lock waits for that."""
    placement = place_case(region=new.region, lat=new.lat, lng=new.lng, address=new.address)
    check_reporter_may_place(actor, placement)
    return Case(
        channel=new.channel, title=new.title.strip()[:200], description=new.description,
        reporter_name=new.reporter_name, reporter_phone=new.reporter_phone,
        reporter_email=new.reporter_email, reporter_id_number=new.reporter_id_number,
        reporter_user=new.reporter_user or _citizen(actor),
        lat=new.lat, lng=new.lng, address=new.address,
        category=new.category, urgency=new.urgency, created_at=at, **placement,
    )


def _citizen(actor: User | None) -> User | None:
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
    plan: int | None = None  # start_plan: the emergency plan's id (tongxin.emergency)
    level: int | None = None  # start_plan: the response level, 1–4 for Ⅰ–Ⅳ


@dataclass(frozen=True)
class Step:
    """One action of a chain taken under one lock. `actor` None: the platform itself (smart
    triage, the return-visit service), with `details` telling the trail why. An optional
    step the table refuses is skipped, not an error."""

    action: str
    actor: User | None
    data: ActionInput = field(default_factory=ActionInput)
    details: dict = field(default_factory=dict)
    optional: bool = False


@dataclass
class Acted:
    case: Case
    events: list[CaseEvent]
    skipped: list[IllegalTransition]


def act(*, case_id: int, actor: User, action: str, data: ActionInput | None = None,
        at: datetime | None = None) -> Case:
    """Carry out one workflow action. Raises Case.DoesNotExist (outside jurisdiction or no
    such case), IllegalTransition, PermissionDenied or ValidationFailed; then nothing changed."""
    return act_steps(case_id=case_id, steps=[Step(action, actor, data or ActionInput())],
                     at=at).case


def system_act(*, case_id: int, action: str, data: ActionInput | None = None,
               details: dict | None = None, at: datetime | None = None) -> Case:
    """One workflow action taken by the platform itself (smart triage), not by a person.

    The transition table still decides what is legal; there is no actor to check a permission
    or jurisdiction for, so the event has actor None and `details` (e.g. {"auto": true,
    "confidence": 0.98}) added to its data — the audit trail says the machine did it.
    """
    step = Step(action, None, data or ActionInput(), details or {})
    return act_steps(case_id=case_id, steps=[step], at=at).case


def act_steps(*, case_id: int, steps: Sequence[Step], at: datetime | None = None) -> Acted:
    """Several actions on one case under one row lock, one UPDATE and one INSERT of their
    events (a rating and the rework it causes). Each step is checked against the state the
    step before left; a refusal of a step that is not optional undoes the whole chain."""
    now = at or timezone.now()
    refusal: Exception | None = None
    with transaction.atomic(savepoint=False):
        try:
            case = _lock_for(case_id, steps)
            acted = Acted(case, [], [])
            planned = _plan(case, steps, now, acted)
        except (TongxinError, IllegalTransition, Case.DoesNotExist) as exc:
            refusal = exc  # nothing written yet: raised once the block is left cleanly
        else:
            acted.events = _write(case, planned)
    if refusal is not None:
        raise refusal
    return acted


def _lock_for(case_id: int, steps: Sequence[Step]) -> Case:
    """The case locked for `steps`, and the master of a merge locked with it (in id order,
    so two cases merged into each other at once cannot deadlock)."""
    reads = tuple(dict.fromkeys(r for s in steps for r in events.reads_for(s.action)))
    masters = [s.data.master.pk for s in steps if s.data.master is not None]
    case, others = _locked_visible_case(case_id, _first_person(steps), reads=reads,
                                        others=masters)
    for step in steps:
        if step.data.master is not None:
            if others.get(step.data.master.pk) is None:
                raise ValidationFailed(_("The master case must be another open case you can "
                                         "see."))
            step.data.master = others[step.data.master.pk]
    return case


def _first_person(steps: Sequence[Step]) -> User | None:
    return next((s.actor for s in steps if s.actor is not None), None)


@dataclass
class _Planned:
    event: CaseEvent
    changes: Changes
    attachments: list[Attachment]


def _plan(case: Case, steps: Sequence[Step], now: datetime, acted: Acted) -> list[_Planned]:
    planned = []
    queue = list(steps)
    while queue:
        step = queue.pop(0)
        try:
            row = workflow.transition_for(step.action, facts_of(case, rework_limit=rework_limit()))
        except IllegalTransition as refused:
            if step.optional:
                acted.skipped.append(refused)
                continue
            raise
        if step.actor is not None and not can_act(step.actor, row.permission, case, row.scope):
            raise PermissionDenied(_("You may not do this on this case."))
        _check_required(row, step.data)
        for check in events.checks_for(row.action):
            check(case, row.action)  # another app's condition (raises to refuse)
        from_status = case.status
        changes = APPLY[row.action](case, step.data, step.actor, now)
        case.status = row.target_from(workflow.State(case.status))
        event = events.new_event(case, action=row.action, actor=step.actor, at=now,
                                 from_status=from_status, note=step.data.note,
                                 data={**changes.details, **step.details})
        planned.append(_Planned(event, changes, _files(step.data.attachments, step.actor)))
        queue[:0] = _follow_ups(step)
    return planned


@in_default_language  # the note is read later by others
def _follow_ups(step: Step) -> list[Step]:
    """What the engine does next by rule, whichever door the action came through. A citizen
    unsatisfied with the result gets the case reworked (重办), so 满意率 counts every door
    alike; past the rework limit the table refuses the reopen, the case stays closed with
    its rating, and supervision takes it up (tongxin.feedback)."""
    if step.action == workflow.Action.RATE and step.data.rating == Rating.UNSATISFIED:
        reason = step.data.note.strip() or _("The citizen is not satisfied with the result.")
        note = _("Rework: %(reason)s") % {"reason": reason}
        return [Step(workflow.Action.REOPEN, None, ActionInput(note=note), {"auto": True},
                     optional=True)]
    return []


def _write(case: Case, planned: list[_Planned]) -> list[CaseEvent]:
    fields = [f for p in planned for f in (*p.changes.fields, "status")]
    for p in planned:
        if p.changes.after is not None:
            p.changes.after()  # many-to-many rows (co-handlers): the case row exists already
    return events.record_steps(case, [(p.event, p.attachments) for p in planned],
                               case_fields=fields)


_LOCK_SQL = f"SELECT * FROM {Case._meta.db_table} WHERE id IN (%s) ORDER BY id%s"


def _locked_visible_case(case_id: int, actor: User | None, *, reads: Sequence[str] = (),
                         others: Sequence[int] = ()) -> tuple[Case, dict[int, Case]]:
    """The case, locked, with what the subscribers read, and any `others` locked in the same
    statement (its regions come from the tree held in process). Locked first, then tested:
    the check and the change see the same version of the row. Case.DoesNotExist if there is
    no such case or `actor` may not see it."""
    ids = sorted({case_id, *others})
    if reads:
        qs = Case.objects.select_for_update(of=("self",)).select_related(*reads)
        found = list(qs.filter(pk__in=ids).order_by("pk"))
    else:
        # The hottest statement of the write path: plain SQL, so the ORM compiles nothing.
        # SQLite has no row locks: BEGIN IMMEDIATE made this the only writer already.
        lock = " FOR UPDATE" if connection.vendor == "postgresql" else ""
        found = list(Case.objects.raw(_LOCK_SQL % (", ".join(["%s"] * len(ids)), lock), ids))
    rows = {c.pk: c for c in found}
    case = rows.pop(case_id, None)
    if case is None or (actor is not None and not sees(actor, case)):
        raise Case.DoesNotExist
    return case, rows


def _check_required(row: Transition, data: ActionInput) -> None:
    missing = {
        "note": not data.note.strip(),
        "lead_department": data.lead_department is None,
        "master": data.master is None,
        "until": data.until is None,
        "rating": data.rating not in Rating.values,
        "plan": data.plan is None,
        "level": data.level is None,
        "co_departments": not data.co_departments,
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
    "plan": lambda: _("Choose the emergency plan."),
    "level": lambda: _("Choose the response level (Ⅰ–Ⅳ)."),
    "co_departments": lambda: _("Name the departments to call."),
}


def _files(files: Sequence[UploadedFile], actor: User | None) -> list[Attachment]:
    return [
        Attachment(file=upload, size=upload.size or 0, uploaded_by=actor,
                   content_type=getattr(upload, "content_type", "")
                   or "application/octet-stream")
        for upload in files
    ]


# ---------------------------------------------------------------- events without a move


def system_note(*, case_id: int, action: str, note: str = "", data: dict | None = None,
                at: datetime | None = None) -> CaseEvent:
    """An event the platform itself adds to a case without changing its state (a sensor
    alarm cleared or closed as false): actor None, on the trail, through the bus."""
    now = at or timezone.now()
    with transaction.atomic(savepoint=False):
        case, _others = _locked_visible_case(case_id, None)
        return events.record(case, events.new_event(
            case, action=action, actor=None, at=now, note=note, data=data))


def note_on_case(*, case_id: int, actor: User, action: str, permission: str,
                 scope: workflow.Scope, note: str = "", data: dict | None = None,
                 at: datetime | None = None, open_only: bool = True) -> CaseEvent:
    """An event that changes no state (a repeat call, a remark): on the trail, through the
    bus, with the same checks as an action."""
    now = at or timezone.now()
    refusal: Exception | None = None
    with transaction.atomic(savepoint=False):
        try:
            case, _others = _locked_visible_case(case_id, actor)
            if not can_act(actor, permission, case, scope):
                raise PermissionDenied(_("You may not do this on this case."))
            if open_only and case.kind == workflow.Kind.CLOSED:
                raise ValidationFailed(_("This case is already closed; record it as a new "
                                         "case."))
        except (TongxinError, Case.DoesNotExist) as exc:
            refusal = exc
        else:
            event = events.record(case, events.new_event(
                case, action=action, actor=actor, at=now, note=note, data=data))
    if refusal is not None:
        raise refusal
    return event
