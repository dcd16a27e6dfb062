"""Writes of 吹哨报到: the calls written from the whistle's event (a bus subscriber), a
department's acknowledgement (报到) on the case's trail, and the worker's sweep of calls not
acknowledged in time (a miss: on the trail, in the unit's inbox, in its score).

Lock order everywhere: the call row, then the case row (tongxin.cases.services locks it).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from tongxin.accounts.access import memberships_of
from tongxin.accounts.models import User
from tongxin.accounts.permissions import role_has
from tongxin.cases import services as case_services
from tongxin.cases.events import Recorded
from tongxin.cases.workflow import Scope
from tongxin.core.errors import PermissionDenied, TongxinError, ValidationFailed
from tongxin.core.language import in_default_language
from tongxin.notifications.inbox import to_users

from .models import PENDING, WhistleCall

ACKNOWLEDGE = "cases.acknowledge"
BATCH = 200


def on_whistles(items: Sequence[Recorded]) -> None:
    """Bus subscriber of `whistle`: one call per department named (one INSERT); a
    department still called on the case keeps its first call and deadline."""
    rows = []
    for item in items:
        event = item.event
        due = parse_datetime(event.data["due"])
        assert due is not None
        rows += [WhistleCall(case_id=item.case.pk, department_id=d, called_by_id=event.actor_id,
                             called_at=event.at, due_at=due, note=event.note[:500])
                 for d in event.data.get("units", [])]
    WhistleCall.objects.bulk_create(rows, ignore_conflicts=True)


def _departments_of(user: User) -> set[int]:
    return {m.department_id for m in memberships_of(user)
            if m.department_id and role_has(m.role, ACKNOWLEDGE)}


def acknowledge(*, call_id: int, actor: User, note: str = "", at: datetime | None = None
                ) -> WhistleCall:
    """报到: a handler of the called department acknowledges the call. Late is accepted
    (and stays a miss). Raises WhistleCall.DoesNotExist (not the actor's department's call:
    a 404 like a call that does not exist), ValidationFailed (already acknowledged)."""
    now = at or timezone.now()
    refusal: Exception | None = None
    with transaction.atomic():
        try:
            call = (WhistleCall.objects.select_for_update(of=("self",))
                    .select_related("department").get(pk=call_id))
            if call.department_id not in _departments_of(actor):
                raise WhistleCall.DoesNotExist
            if call.acknowledged_at is not None:
                raise ValidationFailed(_("Your department has reported in on this call "
                                         "already."))
            case_services.note_on_case(
                case_id=call.case_id, actor=actor, action="whistle_ack",
                permission=ACKNOWLEDGE, scope=Scope.CALLED, note=note.strip()[:2000], at=now,
                data={"department": call.department.name, "department_id": call.department_id,
                      "late": call.missed_at is not None or now > call.due_at})
        except (TongxinError, WhistleCall.DoesNotExist) as exc:
            refusal = exc
        except case_services.Case.DoesNotExist:
            refusal = WhistleCall.DoesNotExist()
        else:
            call.acknowledged_at, call.acknowledged_by = now, actor
            call.save(update_fields=["acknowledged_at", "acknowledged_by"])
    if refusal is not None:
        raise refusal
    return call


@in_default_language  # the trail and the inbox are read later by others
def miss_overdue(*, now: datetime | None = None) -> dict[str, int]:
    """Worker job (`whistle_misses`): every call past its deadline and not acknowledged
    becomes a miss, exactly once however many workers run — a `whistle_missed` event on the
    case (its department's handlers hear of it through the bus) and the caller told."""
    now = now or timezone.now()
    missed = 0
    due = list(WhistleCall.objects.filter(PENDING, due_at__lte=now).order_by("due_at")
               .values_list("pk", flat=True)[:BATCH])
    for pk in due:
        with transaction.atomic():
            qs = WhistleCall.objects.filter(PENDING, pk=pk)
            if connection.vendor == "postgresql":
                qs = qs.select_for_update(skip_locked=True, of=("self",))
            call = qs.select_related("department", "case").first()
            if call is None:
                continue  # acknowledged meanwhile, or another worker has it
            WhistleCall.objects.filter(pk=pk).update(missed_at=now)
            minutes = round((call.due_at - call.called_at).total_seconds() / 60)
            message = _("%(unit)s did not report in within %(minutes)d minutes of the "
                        "whistle.") % {"unit": call.department.name, "minutes": minutes}
            case_services.system_note(
                case_id=call.case_id, action="whistle_missed", note=message, at=now,
                data={"units": [call.department_id], "department_id": call.department_id,
                      "department": call.department.name, "due": call.due_at.isoformat()})
            if call.called_by_id:
                to_users([call.called_by_id], case_id=call.case_id, verb="whistle_missed",
                         at=now, message=_("Case %(number)s: %(message)s") % {
                             "number": call.case.number, "message": message})
            missed += 1
    return {"missed": missed}


def refuse_outside(actor: User) -> None:
    if not _departments_of(actor):
        raise PermissionDenied(_("Only a department's handlers report in to a whistle."))


def reported_message(call: WhistleCall) -> str:
    if call.missed_at is not None:
        return _("Reported in, late: the miss stays on the department's score.")
    return _("Reported in on time.")


def sees_whistles(user: User) -> bool:
    """The nav entry: handlers of a department."""
    return user.is_authenticated and bool(_departments_of(user))
