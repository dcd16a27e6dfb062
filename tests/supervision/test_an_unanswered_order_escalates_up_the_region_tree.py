"""An order nobody answers by its reply limit is escalated: marked `escalated`, and a new
order goes one level above the command center that owns the case, to that region's leaders.
At the top of the tree it stays open. Running the job again escalates nothing twice."""

from tests.supervision.helpers import act, in_progress, local
from tongxin.cases.models import Case, CaseEvent
from tongxin.cases.services import NewCase, create_case
from tongxin.cases.sweep import sweep
from tongxin.notifications.models import Notification
from tongxin.supervision.models import OrderStatus, SupervisionOrder
from tongxin.supervision.services import escalate_unanswered, reply_order


def test_street_case_goes_to_the_district_then_stops(world, django_capture_on_commit_callbacks):
    case = in_progress(world, local(2026, 11, 16, 9))  # owned by street A, due 23rd 17:30
    sweep(now=local(2026, 11, 24, 9))
    [order] = SupervisionOrder.objects.all()
    assert order.due_at == local(2026, 11, 26, 17, 30)

    assert escalate_unanswered(now=local(2026, 11, 26, 17, 29)) == {"escalated": 0}
    with django_capture_on_commit_callbacks(execute=True):
        assert escalate_unanswered(now=local(2026, 11, 26, 17, 30)) == {"escalated": 1}
    assert escalate_unanswered(now=local(2026, 11, 27, 9)) == {"escalated": 0}

    order.refresh_from_db()
    assert order.status == OrderStatus.ESCALATED and order.escalated_to == world.district
    up = order.escalation
    assert up.level == 1 and up.region == world.district and up.status == OrderStatus.OPEN
    assert up.department == order.department and up.kind == order.kind
    assert list(up.addressed_to.all()) == [world.users["leader"]]
    assert up.due_at == local(2026, 11, 30, 17, 30)
    assert up.event.data["escalated_from"] == order.pk
    assert Case.objects.get(pk=case.pk).supervision_count == 2
    assert Notification.objects.filter(user=world.users["leader"], verb="supervise").exists()
    assert Notification.objects.filter(user=world.users["handler"],
                                       verb="supervise_escalated").exists()

    # The district is the root: an unanswered district order stays open where it is.
    assert escalate_unanswered(now=local(2026, 12, 31, 9)) == {"escalated": 0}
    assert SupervisionOrder.objects.count() == 2

    # The district leader answers the escalated order; the unit may still answer its own.
    reply_order(order_id=up.pk, actor=world.user("leader"), text="已责成城管局限期办结")
    reply_order(order_id=order.pk, actor=world.user("handler"), text="已办结")
    assert set(SupervisionOrder.objects.values_list("status", flat=True)) == {"replied"}


def test_a_district_case_goes_to_the_district_leaders(world):
    case = create_case(actor=None, at=local(2026, 11, 16, 8),
                       new=NewCase(channel="hotline", title="跨街道问题", region=world.district))
    assert case.owner_region == world.district
    act(world, case, "register", "dispatcher", local(2026, 11, 16, 9))
    act(world, case, "dispatch", "dispatcher", local(2026, 11, 16, 9),
        lead_department=world.departments["cg"])
    sweep(now=local(2026, 11, 24, 9))

    assert escalate_unanswered(now=local(2026, 11, 27, 9)) == {"escalated": 1}
    up = SupervisionOrder.objects.get(level=1)
    assert up.region == world.district
    assert list(up.addressed_to.all()) == [world.users["leader"]]


def test_a_replied_order_is_not_escalated(world):
    in_progress(world, local(2026, 11, 16, 9))
    sweep(now=local(2026, 11, 24, 9))
    order = SupervisionOrder.objects.get()
    reply_order(order_id=order.pk, actor=world.user("handler"), text="已办结",
                at=local(2026, 11, 25, 9))

    assert escalate_unanswered(now=local(2026, 12, 31, 9)) == {"escalated": 0}
    assert not CaseEvent.objects.filter(data__escalated_from=order.pk).exists()
