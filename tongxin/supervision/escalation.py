"""Worker job: orders nobody answered in time go one level up — along the chain of the area
that brought the case first (路长制: 三级 → 二级 → 一级路长, each with an account), then the
region tree.

An unanswered unit order goes to the level above the command center that owns the case
(a street's case → the district); a case the district itself owns goes to the district's
leaders. An unanswered escalated order climbs again, until the root, where it stays open on
the overdue board. Several workers may run this at once: each batch claims its orders with
SKIP LOCKED (SQLite: the single writer lock), and an order can have only one escalation
(escalated_from is unique).
"""

from __future__ import annotations

from datetime import datetime
from typing import cast

from django.db import connection, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from tongxin.areas.models import Chief, RoutedCase
from tongxin.cases import events
from tongxin.cases.models import Case
from tongxin.core.language import in_default_language
from tongxin.regions.models import Region
from tongxin.sla.calendar import WorkCalendar

from . import notify
from .addressees import region_addressees
from .limits import reply_due
from .models import OrderStatus, SupervisionOrder

BATCH = 200
Through = SupervisionOrder.addressed_to.through


def chains_of(orders: list[SupervisionOrder]) -> dict[int, list[Chief]]:
    """Per case, the chiefs of the area that brought it, most local first (two queries for
    the batch)."""
    areas = dict(RoutedCase.objects.filter(case_id__in={o.case_id for o in orders})
                 .values_list("case_id", "area_id"))
    by_area: dict[int, list[Chief]] = {}
    for chief in (Chief.objects.filter(area_id__in=set(areas.values()), user__isnull=False)
                  .order_by("-level")):
        by_area.setdefault(chief.area_id, []).append(chief)
    return {case_id: by_area.get(area_id, []) for case_id, area_id in areas.items()}


def next_chief(order: SupervisionOrder, chain: list[Chief]) -> Chief | None:
    """The next chief up the area's chain; None once the order is on the region tree or the
    chain's top has had it."""
    if order.region_id is not None:
        return None
    if order.chief is None:
        return chain[0] if chain else None
    above = [c for c in chain if c.level < order.chief.level]
    return above[0] if above else None


def next_region(order: SupervisionOrder) -> Region | None:
    """The region an unanswered order goes to; None at the top of the tree."""
    if order.region is None:
        owner = order.case.owner_region
        return owner.parent or owner
    return order.region.parent


def _claim(now: datetime) -> list[SupervisionOrder]:
    qs = (
        SupervisionOrder.objects.filter(status=OrderStatus.OPEN, due_at__lte=now)
        # An order already at the root has nowhere to go; leave it out of the claim.
        .filter(Q(region__isnull=True) | Q(region__parent__isnull=False))
        .select_related("case__owner_region__parent", "region__parent", "department", "chief")
        .order_by("due_at", "pk")
    )
    if connection.vendor == "postgresql":
        qs = qs.select_for_update(skip_locked=True, of=("self",))
    return list(qs[:BATCH])


def _escalate(order: SupervisionOrder, target: Region | Chief, now: datetime,
              cal: WorkCalendar) -> SupervisionOrder:
    # The case too is locked: its trail gets an event (after the order: the lock order of
    # every order writer, so they cannot deadlock).
    case = Case.objects.select_for_update(of=("self",)).get(pk=order.case_id)
    region = target if isinstance(target, Region) else None
    chief = target if isinstance(target, Chief) else None
    claimed = SupervisionOrder.objects.filter(pk=order.pk, status=OrderStatus.OPEN).update(
        status=OrderStatus.ESCALATED, escalated_to=region
    )
    assert claimed == 1, "the order is locked by this worker"
    text = _(
        "%(unit)s did not answer the supervision order of %(date)s on case %(number)s in "
        "time. Please see that it is handled and reply in writing."
    ) % {
        "unit": order.department, "number": case.number,
        "date": formats.date_format(timezone.localtime(order.created_at), "Y-m-d"),
    }
    case.supervision_count += 1
    to = ({"chief": str(chief), "chief_level": chief.level, "area": chief.area_id}
          if chief is not None else {"region": cast(Region, region).name})
    entry = events.record(case, events.new_event(
        case, action="supervise", at=now, note=text,
        data={"escalated_from": order.pk, "level": order.level + 1, **to},
    ), case_fields=["supervision_count"])
    child = SupervisionOrder.objects.create(
        case_id=case.pk, department_id=order.department_id, kind=order.kind,
        level=order.level + 1, region=region, chief=chief, text=text, event=entry,
        escalated_from=order, created_at=now, due_at=reply_due(now, cal),
    )
    users = [chief.user_id] if chief is not None else region_addressees(cast(Region, region))
    Through.objects.bulk_create(
        Through(supervisionorder_id=child.pk, user_id=u) for u in users if u is not None
    )
    return child


@in_default_language
def _escalate_batch(now: datetime) -> int:
    with transaction.atomic():
        orders = _claim(now)
        if not orders:
            return 0
        cal = WorkCalendar()
        parents, children = [], []
        chains = chains_of(orders)
        for order in orders:
            target = next_chief(order, chains.get(order.case_id, [])) or next_region(order)
            if target is None:  # excluded by the claim; kept for safety
                continue
            children.append(_escalate(order, target, now, cal).pk)
            parents.append(order.pk)
        notify.orders_escalated(parents, now=now)
        notify.orders_opened(children, now=now)
    return len(orders)


def escalate_unanswered(now: datetime | None = None) -> dict[str, int]:
    """Escalate every open order past its reply limit; returns how many were escalated."""
    now = now or timezone.now()
    total = 0
    while count := _escalate_batch(now):
        total += count
        if count < BATCH:
            break
    return {"escalated": total}
