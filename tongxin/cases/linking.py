"""Writes that tie cases about the same problem together (关联 / 合并).

`link_cases` / `unlink_cases`: both cases stay open and are shown side by side; each gets an
event in its trail. Merging is the workflow action `merge` (services.act); what this module
adds is the return path: when a master case closes, every case merged into it (and into those,
transitively) gets an event with the master's outcome, and its reporter gets the outcome by SMS
or e-mail the same way they would for their own case (`relay_master_outcome`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.accounts.models import User
from tongxin.cases.access import can_act, jurisdiction_filter
from tongxin.core.errors import PermissionDenied, ValidationFailed

from . import events
from .events import Recorded
from .models import Case, CaseEvent, CaseLink
from .workflow import Kind, Scope, kind_of

LINK_PERMISSION = "cases.merge"  # whoever may merge duplicates may also just relate them
OUTCOME_ACTION = "master_outcome"


def _locked_pair(actor: User, case_id: int, other_id: int) -> tuple[Case, Case]:
    if case_id == other_id:
        raise ValidationFailed(_("A case cannot be related to itself."))
    # Lock in id order so two dispatchers linking the same pair cannot deadlock.
    rows = {c.pk: c for c in Case.objects.select_for_update(of=("self",))
            .select_related("owner_region", "district", "street", "community", "grid")
            .filter(pk__in=sorted((case_id, other_id)))}
    visible = set(jurisdiction_filter(Case.objects.filter(pk__in=list(rows)), actor)
                  .values_list("pk", flat=True))
    if case_id not in visible or other_id not in visible:
        raise Case.DoesNotExist
    case, other = rows[case_id], rows[other_id]
    for c in (case, other):
        if not can_act(actor, LINK_PERMISSION, c, Scope.AREA):
            raise PermissionDenied(_("You may not relate these cases."))
    return case, other


def _event(case: Case, actor: User | None, action: str, at: datetime, note: str,
           data: dict) -> CaseEvent:
    """An event of a case the caller has locked."""
    return events.record(case, events.new_event(case, action=action, actor=actor, at=at,
                                                note=note, data=data))


def link_cases(*, actor: User, case_id: int, other_id: int, note: str = "",
               at: datetime | None = None) -> CaseLink:
    """Mark two cases as related. Raises Case.DoesNotExist (not visible), PermissionDenied or
    ValidationFailed (same case, already related); then nothing changed."""
    now = at or timezone.now()
    with transaction.atomic():
        case, other = _locked_pair(actor, case_id, other_id)
        low, high = sorted((case, other), key=lambda c: c.pk)
        if CaseLink.objects.filter(from_case=low, to_case=high).exists():
            raise ValidationFailed(_("The cases are already related."))
        link = CaseLink.objects.create(from_case=low, to_case=high, created_by=actor,
                                       created_at=now, note=note[:255])
        _event(case, actor, "link", now, note, {"related": other.number})
        _event(other, actor, "link", now, note, {"related": case.number})
    return link


def unlink_cases(*, actor: User, case_id: int, other_id: int, note: str = "",
                 at: datetime | None = None) -> None:
    now = at or timezone.now()
    with transaction.atomic():
        case, other = _locked_pair(actor, case_id, other_id)
        low, high = sorted((case, other), key=lambda c: c.pk)
        deleted, _rows = CaseLink.objects.filter(from_case=low, to_case=high).delete()
        if not deleted:
            raise ValidationFailed(_("The cases are not related."))
        _event(case, actor, "unlink", now, note, {"related": other.number})
        _event(other, actor, "unlink", now, note, {"related": case.number})


def related_cases(case: Case):  # -> QuerySet[Case]
    """The cases linked to `case`, either way round (callers narrow by jurisdiction)."""
    ids = [*CaseLink.objects.filter(from_case=case).values_list("to_case_id", flat=True),
           *CaseLink.objects.filter(to_case=case).values_list("from_case_id", flat=True)]
    return Case.objects.filter(pk__in=ids)


def merged_descendants(master_id: int) -> list[Case]:
    """Every case merged into the master, directly or through a case merged into it."""
    found: list[Case] = []
    frontier = [master_id]
    while frontier:
        batch = list(Case.objects.filter(merged_into_id__in=frontier).order_by("pk"))
        found += batch
        frontier = [c.pk for c in batch]
    return found


def relay_master_outcomes(items: Sequence[Recorded]) -> None:
    """After-commit subscriber: when a master case closes, append its outcome to every case
    merged into it; the outbox subscriber sends each merged reporter the outcome from that
    event. Running it twice for the same event tells nobody twice."""
    for item in items:
        relay_master_outcome(item.case, item.event)


def relay_master_outcome(master: Case, event: CaseEvent) -> int:
    """Append the outcome of the master's closing `event` to every merged case. Returns the
    number of merged cases told."""
    closing = kind_of(event.to_status) == Kind.CLOSED and event.from_status != event.to_status
    # A master that is itself merged away has no outcome of its own: its master relays.
    if not closing or event.action == "merge":
        return 0
    told = 0
    for merged in merged_descendants(master.pk):
        with transaction.atomic():
            # Locked: a second relay of the same event waits here, then sees the first one's.
            locked = Case.objects.select_for_update(of=("self",)).get(pk=merged.pk)
            already = locked.events.filter(action=OUTCOME_ACTION, data__event=event.pk)
            if already.exists():
                continue
            _event(locked, None, OUTCOME_ACTION, event.at, master.result,
                   {"master": master.number, "master_id": master.pk, "event": event.pk,
                    "master_status": event.to_status})
        told += 1
    return told
