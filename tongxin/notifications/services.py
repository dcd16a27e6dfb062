"""Who hears about a case event, written to the in-app inbox after the transaction commits."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from tongxin.accounts.models import Membership, Role
from tongxin.cases.labels import action_label
from tongxin.cases.models import CaseEvent

from .models import Notification

# Which side of the case must act next after each action.
# `supervise` is not here: the supervision order itself notifies the unit (supervision.notify).
TO_UNIT = {"dispatch", "verify_fail", "reopen", "extend_approve", "extend_deny"}
TO_COMMAND = {"report", "return", "reply", "extend_request", "escalate", "adjudicate"}


def recipients(event: CaseEvent) -> list[int]:
    case = event.case
    if event.action in TO_UNIT and case.lead_department_id:
        units = [case.lead_department_id]
        if event.action == "dispatch":  # co-handlers must know they are part of it
            units += list(case.co_departments.values_list("pk", flat=True))
        q = Q(role=Role.HANDLER, department_id__in=units)
    elif event.action in TO_COMMAND:
        q = Q(role=Role.DISPATCHER, region_id=case.owner_region_id)
    else:
        return []
    ids = set(Membership.objects.filter(q).values_list("user_id", flat=True))
    ids.discard(event.actor_id)
    return sorted(ids)


def notify_case_event(*, event_id: int) -> int:
    event = CaseEvent.objects.select_related("case").get(pk=event_id)
    # Stored in the default language: the worker and other users' requests write these rows.
    with translation.override(settings.LANGUAGE_CODE):
        message = _("Case %(number)s: %(action)s") % {
            "number": event.case.number, "action": action_label(event.action),
        }
    rows = [
        Notification(user_id=uid, case_id=event.case_id, verb=event.action, message=message)
        for uid in recipients(event)
    ]
    Notification.objects.bulk_create(rows)
    return len(rows)


def unread_count(user_id: int) -> int:
    return Notification.objects.filter(user_id=user_id, read_at__isnull=True).count()
