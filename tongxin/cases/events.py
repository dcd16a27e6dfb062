"""The case-event bus: the one way a CaseEvent is written, and the one way other apps react.

Every writer of the trail — the workflow engine, the deadline sweep, supervision, linking, the
hotline's repeat calls — calls `record` (one event) or `record_many` (a batch). Both chain the
events into their case's keyed hash chain (tongxin.security.chain: the trail is the audit
record of a case), insert them, and hand them to the subscribers:

- IN_TRANSACTION subscribers run before the commit, with the case and the event in hand:
  what they write commits or rolls back with the event (the inbox, the outbox of SMS and
  webhooks, handling times, points, routing corrections, automatic supervision orders).
- AFTER_COMMIT subscribers run once the transaction has committed (the outcome relayed to
  merged cases); a failure there is logged and never reaches the actor.

Subscribers register in their AppConfig.ready, so this app imports none of them. A
subscriber receives a batch (a list of `Recorded`) and should write it set-wise: the sweep
records a thousand events at a time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial

from django.db import transaction
from django.db.models import Case as SqlCase
from django.db.models import CharField, Value, When

from tongxin.security.chain import GENESIS, canonical, link, moment, plain

from .models import Attachment, Case, CaseEvent

log = logging.getLogger("tongxin.cases.events")


class Phase(StrEnum):
    IN_TRANSACTION = "in_transaction"
    AFTER_COMMIT = "after_commit"


@dataclass(frozen=True)
class Recorded:
    """One event as subscribers see it: the case as the writer holds it (a locked row, or
    for bulk writers the columns they read) and the stored event."""

    case: Case
    event: CaseEvent


Handler = Callable[[Sequence[Recorded]], None]


@dataclass(frozen=True)
class Subscription:
    handler: Handler
    phase: Phase
    actions: frozenset[str] | None  # None: every action
    # Relations of the case the handler reads; the engine's locked read joins them in, so
    # the handler costs no query of its own (e.g. triage's suggestion).
    reads: tuple[str, ...] = ()
    name: str = field(default="", compare=False)

    def wants(self, action: str) -> bool:
        return self.actions is None or action in self.actions


_SUBSCRIPTIONS: list[Subscription] = []


def subscribe(handler: Handler, *, phase: Phase, actions: Iterable[str] | None = None,
              reads: Iterable[str] = ()) -> None:
    """Register `handler` (idempotent: AppConfig.ready may run more than once)."""
    entry = Subscription(handler, phase, frozenset(actions) if actions is not None else None,
                         tuple(reads), getattr(handler, "__qualname__", repr(handler)))
    if entry not in _SUBSCRIPTIONS:
        _SUBSCRIPTIONS.append(entry)


def subscriptions() -> list[Subscription]:
    return list(_SUBSCRIPTIONS)


def reads_for(action: str) -> tuple[str, ...]:
    """The relations the subscribers (and checks) of `action` read from the case."""
    return tuple(dict.fromkeys([
        *(r for s in _SUBSCRIPTIONS if s.wants(action) for r in s.reads),
        *(r for c in _CHECKS if c.wants(action) for r in c.reads),
    ]))


# ---------------------------------------------------------------- checks before a move

Check = Callable[[Case, str], None]


@dataclass(frozen=True)
class Requirement:
    """A condition another app sets on an action (a dispute cannot close while a paper of
    its dossier is missing): called by the engine on the locked case before anything is
    written; it refuses by raising a TongxinError (ValidationFailed), so nothing changes."""

    check: Check
    actions: frozenset[str]
    reads: tuple[str, ...] = ()

    def wants(self, action: str) -> bool:
        return action in self.actions


_CHECKS: list[Requirement] = []


def require(check: Check, *, actions: Iterable[str], reads: Iterable[str] = ()) -> None:
    """Register `check` for `actions` (idempotent, like subscribe)."""
    entry = Requirement(check, frozenset(actions), tuple(reads))
    if entry not in _CHECKS:
        _CHECKS.append(entry)


def checks_for(action: str) -> list[Check]:
    return [c.check for c in _CHECKS if c.wants(action)]


# ---------------------------------------------------------------- writing


def new_event(case: Case, *, action: str, actor=None, at, from_status: str | None = None,
              to_status: str | None = None, note: str = "", data: dict | None = None
              ) -> CaseEvent:
    """An unsaved event of `case`; status fields default to the case's current status."""
    return CaseEvent(
        case=case, action=action, actor=actor, at=at,
        from_status=case.status if from_status is None else from_status,
        to_status=case.status if to_status is None else to_status,
        note=note, data=plain(data or {}),
    )


def payload(case: Case, event: CaseEvent) -> bytes:
    """What an event's hash covers: everything it says, and which case it belongs to (by
    number: known before a new case has its id)."""
    return payload_of(case.number, event.action, event.actor_id, event.at, event.from_status,
                      event.to_status, event.note, event.data)


def payload_of(number: str, action: str, actor_id: int | None, at, from_status: str,
               to_status: str, note: str, data: dict) -> bytes:
    """The same from plain values (the bulk generator writes rows, not objects)."""
    return canonical({
        "case": number, "action": action, "actor": actor_id, "at": moment(at),
        "from": from_status, "to": to_status, "note": note, "data": data,
    })


def chain(case: Case, event: CaseEvent) -> None:
    """Link `event` to the head of its case's chain and move the head (case.trail_head; the
    caller saves it with the case, under the case's row lock)."""
    event.prev_hash = case.trail_head or GENESIS
    event.hash = link(event.prev_hash, payload(case, event))
    case.trail_head = event.hash


def record(case: Case, event: CaseEvent, *, new_case: bool = False,
           case_fields: Iterable[str] = (), attachments: Sequence[Attachment] = ()
           ) -> CaseEvent:
    """Store `event` of `case` — a new case (inserted here) or one whose row the caller has
    locked (its changed `case_fields` are saved with the new chain head) — and run the
    subscribers."""
    return record_steps(case, [(event, attachments)], new_case=new_case,
                        case_fields=case_fields)[0]


def record_steps(case: Case, items: Sequence[tuple[CaseEvent, Sequence[Attachment]]], *,
                 new_case: bool = False, case_fields: Iterable[str] = ()) -> list[CaseEvent]:
    """Several events of one case in order (a rating and the rework it causes): one save of
    the case, one INSERT of the events, one of their attachments."""
    for event, _files in items:
        chain(case, event)
    if new_case:
        case.save(force_insert=True)
    else:
        case.save(update_fields=[*dict.fromkeys([*case_fields, "trail_head", "updated_at"])])
    for event, _files in items:
        event.case = case  # a new case has its id only now
    stored = CaseEvent.objects.bulk_create([event for event, _files in items])
    files = []
    for event, attached in zip(stored, (a for _e, a in items), strict=True):
        for attachment in attached:
            attachment.case, attachment.event = case, event
            files.append(attachment)
    if files:
        Attachment.objects.bulk_create(files)
    _dispatch([Recorded(case, event) for event in stored])
    return stored


def record_many(pairs: Sequence[tuple[Case, CaseEvent]]) -> list[CaseEvent]:
    """Store a batch of events of many cases (several may belong to one case, in order),
    move every case's chain head in one UPDATE, and run the subscribers once for the batch.
    The caller holds the cases' row locks (the sweep's claim) and has written its own
    changes to them."""
    if not pairs:
        return []
    for case, event in pairs:
        chain(case, event)
    heads = {case.pk: case.trail_head for case, _event in pairs}
    Case.objects.filter(pk__in=list(heads)).update(trail_head=SqlCase(
        *(When(pk=pk, then=Value(head)) for pk, head in heads.items()),
        output_field=CharField(),
    ))
    stored = CaseEvent.objects.bulk_create([event for _case, event in pairs])
    _dispatch([Recorded(case, event) for (case, _e), event in zip(pairs, stored, strict=True)])
    return stored


def _dispatch(items: list[Recorded]) -> None:
    later: list[tuple[Subscription, list[Recorded]]] = []
    for sub in _SUBSCRIPTIONS:
        mine = [item for item in items if sub.wants(item.event.action)]
        if not mine:
            continue
        if sub.phase is Phase.IN_TRANSACTION:
            sub.handler(mine)
        else:
            later.append((sub, mine))
    if later:
        transaction.on_commit(partial(_after_commit, later))


def _after_commit(later: list[tuple[Subscription, list[Recorded]]]) -> None:
    for sub, items in later:
        try:
            sub.handler(items)
        except Exception:  # the events are committed; a reaction must not undo or hide that
            log.exception("after-commit subscriber %s failed on %d event(s)", sub.name,
                          len(items))
