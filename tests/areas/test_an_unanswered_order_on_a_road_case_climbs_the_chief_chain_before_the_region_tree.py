"""路长制 escalation: the supervision order on an overdue case a road brought, left
unanswered, goes up the road's chain first — 三级路长, then 二级, then 一级 (each must reply in
writing) — and only then up the region tree, as any other order."""

from datetime import timedelta

from tests.supervision.helpers import in_progress, local
from tongxin.cases.models import CaseEvent
from tongxin.cases.sweep import sweep
from tongxin.notifications.models import Notification
from tongxin.supervision.models import OrderStatus, SupervisionOrder
from tongxin.supervision.services import escalate_unanswered, reply_order

from .test_a_warning_on_a_road_case_goes_up_the_chief_chain import chain


def climb(order: SupervisionOrder) -> SupervisionOrder:
    assert escalate_unanswered(now=order.due_at) == {"escalated": 1}
    order.refresh_from_db()
    assert order.status == OrderStatus.ESCALATED
    return order.escalation


def test_the_order_climbs_the_chain_then_the_region_tree(world, road,
                                                         django_capture_on_commit_callbacks):
    case = chain(world, road)
    sweep(now=case.finish_deadline + timedelta(seconds=1))
    unit_order = SupervisionOrder.objects.get(case=case)
    assert unit_order.department_id == road.department_id and unit_order.chief is None

    steps = []
    order = unit_order
    for _ in range(4):
        with django_capture_on_commit_callbacks(execute=True):
            order = climb(order)
        steps.append((order.chief.level if order.chief else None,
                      order.region.name if order.region else None,
                      sorted(order.addressed_to.values_list("username", flat=True))))
    assert steps == [(3, None, ["chief3"]), (2, None, ["roadchief"]), (1, None, ["leader"]),
                     (None, world.district.name, ["leader"])]
    trail = CaseEvent.objects.filter(case=case, data__escalated_from__isnull=False)
    assert [e.data.get("chief_level") for e in trail.order_by("pk")] == [3, 2, 1, None]
    assert Notification.objects.filter(user__username="chief3", verb="supervise").exists()

    # The 三级路长 may answer the order addressed to them.
    first = unit_order.escalation
    reply_order(order_id=first.pk, actor=first.addressed_to.get(), text="已督促路长办当日修复")
    assert SupervisionOrder.objects.get(pk=first.pk).status == OrderStatus.REPLIED


def test_a_case_no_area_brought_goes_straight_up_the_region_tree(world, road):
    case = in_progress(world, local(2026, 11, 16, 9))
    sweep(now=local(2026, 11, 24, 9))
    up = climb(SupervisionOrder.objects.get(case=case))
    assert up.chief is None and up.region == world.district
