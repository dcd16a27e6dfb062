"""A red alarm opens one automatic supervision order to the unit — its handlers and its
configured leaders — with a written reply due in 2 working days; it is on the case's trail.
Sweeping again opens nothing more; a new red alarm (after an extension) opens a new order."""

from tests.supervision.helpers import act, in_progress, local
from tongxin.cases.models import Case, CaseEvent
from tongxin.cases.sweep import sweep
from tongxin.supervision.models import OrderKind, OrderStatus, SupervisionOrder, UnitLeader


def test_one_order_per_red_alarm(world):
    UnitLeader.objects.create(department=world.departments["cg"], user=world.users["leader"])
    case = in_progress(world, local(2026, 9, 21, 9))  # due Tue Sep 29 17:30 (25th: 中秋)

    sweep(now=local(2026, 9, 30, 9))
    sweep(now=local(2026, 9, 30, 10))

    [order] = SupervisionOrder.objects.filter(case=case)
    alarm = CaseEvent.objects.get(case=case, action="warn_red")
    assert order.kind == OrderKind.AUTO and order.status == OrderStatus.OPEN
    assert order.alarm == alarm and order.level == 0 and order.created_by is None
    assert order.department == world.departments["cg"]
    assert set(order.addressed_to.values_list("username", flat=True)) == {"handler", "leader"}
    # Two working days from Wednesday Sep 30, across National Day: Oct 8 and Oct 9.
    assert order.due_at == local(2026, 10, 9, 17, 30)
    assert case.number in order.text
    assert order.event.action == "supervise" and order.event.actor is None
    assert order.event.data == {"auto": True, "alarm": alarm.pk}
    assert Case.objects.get(pk=case.pk).supervision_count == 1

    act(world, case, "extend_request", "handler", local(2026, 10, 8, 9), note="协调",
        until=local(2026, 10, 16, 17, 30))
    act(world, case, "extend_approve", "street_a", local(2026, 10, 8, 10))
    sweep(now=local(2026, 10, 16, 17, 30))

    assert SupervisionOrder.objects.filter(case=case).count() == 2
    assert CaseEvent.objects.filter(case=case, action="warn_red").count() == 2
    assert Case.objects.get(pk=case.pk).supervision_count == 2
