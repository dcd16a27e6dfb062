"""Set-based writes for batches of orders (the sweep opens up to a thousand per batch): who
they are addressed to and the inbox rows announcing them, one INSERT … SELECT each rather
than an object per person (see tongxin.notifications.inbox for why)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from django.db import connection
from django.utils import timezone

from tongxin.accounts.models import Membership, Role
from tongxin.cases.models import Case
from tongxin.core.sql import col, in_list, moment, table
from tongxin.notifications import inbox

from .models import SupervisionOrder, UnitLeader

Through = SupervisionOrder.addressed_to.through


def address_to_units(order_ids: Sequence[int]) -> int:
    """Address unit-level orders to their unit's handlers and configured leaders."""
    if not order_ids:
        return 0
    SO, M, L, T = SupervisionOrder, Membership, UnitLeader, Through
    ids = in_list(order_ids)
    sql = (
        f"INSERT INTO {table(T)} ({col(T, 'supervisionorder')}, {col(T, 'user')}) "
        f"SELECT o.{col(SO, 'id')}, m.{col(M, 'user')} FROM {table(SO)} o "
        f"JOIN {table(M)} m ON m.{col(M, 'department')} = o.{col(SO, 'department')} "
        f"WHERE m.{col(M, 'role')} = %s AND o.{col(SO, 'id')} IN ({ids}) "
        f"UNION "  # a leader who is also a handler is addressed once
        f"SELECT o.{col(SO, 'id')}, l.{col(L, 'user')} FROM {table(SO)} o "
        f"JOIN {table(L)} l ON l.{col(L, 'department')} = o.{col(SO, 'department')} "
        f"WHERE o.{col(SO, 'id')} IN ({ids})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [Role.HANDLER, *order_ids, *order_ids])
        return cursor.rowcount


def notify_addressees(order_ids: Sequence[int], *, verb: str,
                      template_for: Callable[[Mapping[str, Any]], tuple[str, dict]],
                      now: datetime | None = None) -> int:
    """One inbox row per addressee of each order, through the one inbox writer.
    `template_for(row)` — row: the order's pk, level, due_at, escalated_to name and its
    escalation's chief — gives the translated text (with `%(number)s`) and its other
    values; orders sharing them (a sweep batch has one reply deadline) share one INSERT."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    rows = SupervisionOrder.objects.filter(pk__in=order_ids).values(
        "pk", "level", "due_at", "escalated_to__name", "escalation__chief__name"
    )
    for row in rows:
        template, values = template_for(row)
        groups[inbox.around_number(template, **values)].append(row["pk"])
    SO, T, C = SupervisionOrder, Through, Case
    written = 0
    for (before, after), ids in groups.items():
        select = (
            f"SELECT t.{col(T, 'user')}, o.{col(SO, 'case')}, %s, "
            f"%s || c.{col(C, 'number')} || %s, %s "
            f"FROM {table(T)} t JOIN {table(SO)} o ON o.{col(SO, 'id')} = "
            f"t.{col(T, 'supervisionorder')} "
            f"JOIN {table(C)} c ON c.{col(C, 'id')} = o.{col(SO, 'case')} "
            f"WHERE o.{col(SO, 'id')} IN ({in_list(ids)})"
        )
        written += inbox.from_select(select, [verb, before, after,
                                              moment(now or timezone.now()), *ids])
    return written
