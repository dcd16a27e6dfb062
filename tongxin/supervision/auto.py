"""Automatic supervision orders for red cases, opened by the deadline sweep.

Runs inside the sweep's batch transaction, on rows the sweep has locked, so the red alarm,
its order and the audit-trail entry commit together. Set-based: a batch of a thousand alarms
costs a handful of INSERTs, not a thousand round trips. Idempotent by construction: an order
points at the alarm (warn_red event) it answers, and that link is unique.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.cases.models import CaseEvent
from tongxin.sla.language import in_default_language

from . import notify
from .bulk import address_to_units
from .limits import reply_due
from .models import OrderKind, SupervisionOrder
from .notify import when


def _text(row) -> str:
    deadline = when(row.finish_deadline) if row.finish_deadline else ""
    return _(
        "Case %(number)s passed its deadline (%(deadline)s). Finish it, and reply in writing "
        "with the reason for the delay and what you are doing about it."
    ) % {"number": row.number, "deadline": deadline}


@in_default_language
def open_auto_orders(*, rows: Sequence, alarms: Sequence[CaseEvent],
                     now: datetime) -> list[SupervisionOrder]:
    """One order per red alarm. `rows` are the sweep's claimed cases (sla.sweep.Claimed) and
    `alarms` their warn_red events, in the same order. The sweep's UPDATE of those rows has
    already counted the order in Case.supervision_count."""
    pairs = [(row, alarm) for row, alarm in zip(rows, alarms, strict=True)
             if row.lead_department_id]
    if not pairs:
        return []
    due = reply_due(now)
    texts = [_text(row) for row, _alarm in pairs]
    trail = CaseEvent.objects.bulk_create(
        CaseEvent(case_id=row.pk, action="supervise", actor=None, at=now, from_status=row.status,
                  to_status=row.status, note=text, data={"auto": True, "alarm": alarm.pk})
        for (row, alarm), text in zip(pairs, texts, strict=True)
    )
    orders = SupervisionOrder.objects.bulk_create(
        SupervisionOrder(case_id=row.pk, department_id=row.lead_department_id,
                         kind=OrderKind.AUTO, text=text, alarm=alarm, event=entry,
                         created_at=now, due_at=due)
        for (row, alarm), text, entry in zip(pairs, texts, trail, strict=True)
    )
    ids = [order.pk for order in orders]
    address_to_units(ids)
    transaction.on_commit(lambda: notify.orders_opened(ids, now=now))
    return orders
