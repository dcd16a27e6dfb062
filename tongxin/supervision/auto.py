"""Automatic supervision orders for red cases: a subscriber of the `warn_red` events the
deadline sweep records (tongxin.cases.events, in the sweep's transaction).

So the red alarm, its order, the order's `supervise` event on the trail and the inbox rows
that announce it commit together. Set-based: a batch of a thousand alarms costs a handful of
statements, not a thousand round trips. Idempotent by construction: an order points at the
alarm (warn_red event) it answers, and that link is unique.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import F
from django.utils.translation import gettext as _

from tongxin.cases import events
from tongxin.cases.events import Recorded
from tongxin.cases.models import Case
from tongxin.core.language import in_default_language

from . import notify
from .bulk import address_to_units
from .limits import reply_due
from .models import OrderKind, SupervisionOrder
from .notify import when


def _text(case: Case) -> str:
    deadline = when(case.finish_deadline) if case.finish_deadline else ""
    return _(
        "Case %(number)s passed its deadline (%(deadline)s). Finish it, and reply in writing "
        "with the reason for the delay and what you are doing about it."
    ) % {"number": case.number, "deadline": deadline}


@in_default_language
def on_red_alarms(items: Sequence[Recorded]) -> None:
    """One order per red alarm of a case that has a lead unit (one without has nobody to
    answer: the command center hears of the alarm itself)."""
    alarms = [item for item in items if item.case.lead_department_id]
    if not alarms:
        return
    now = alarms[0].event.at
    due = reply_due(now)
    texts = [_text(item.case) for item in alarms]
    trail = events.record_many([
        (item.case, events.new_event(item.case, action="supervise", at=item.event.at,
                                     note=text, data={"auto": True, "alarm": item.event.pk}))
        for item, text in zip(alarms, texts, strict=True)
    ])
    orders = SupervisionOrder.objects.bulk_create(
        SupervisionOrder(case_id=item.case.pk,
                         department_id=item.case.lead_department_id,  # type: ignore[misc]
                         kind=OrderKind.AUTO, text=text, alarm=item.event, event=entry,
                         created_at=item.event.at, due_at=due)
        for item, text, entry in zip(alarms, texts, trail, strict=True)
    )
    Case.objects.filter(pk__in=[item.case.pk for item in alarms]).update(
        supervision_count=F("supervision_count") + 1)
    ids = [order.pk for order in orders]
    address_to_units(ids)
    notify.orders_opened(ids, now=now)
