"""A supervisor's order goes through the workflow's `supervise` action — its permission
check and its event — and reaches the unit's inbox after the commit."""

from tests.supervision.helpers import in_progress, local
from tongxin.cases.models import Case, CaseEvent
from tongxin.notifications.models import Notification
from tongxin.supervision.models import OrderKind, OrderStatus
from tongxin.supervision.services import issue_order


def test_manual_order(world, django_capture_on_commit_callbacks):
    case = in_progress(world, local(2026, 11, 16, 9))

    with django_capture_on_commit_callbacks(execute=True):
        order = issue_order(case_id=case.pk, actor=world.user("supervisor"),
                            text="群众反映强烈，请于两日内办结并书面回复。",
                            at=local(2026, 11, 18, 10))

    assert order.kind == OrderKind.MANUAL and order.status == OrderStatus.OPEN
    assert order.created_by == world.users["supervisor"]
    assert order.due_at == local(2026, 11, 20, 17, 30)
    assert list(order.addressed_to.all()) == [world.users["handler"]]
    [event] = CaseEvent.objects.filter(case=case, action="supervise")
    assert order.event == event and event.actor == world.users["supervisor"]
    assert event.note == order.text
    assert Case.objects.get(pk=case.pk).supervision_count == 1
    messages = Notification.objects.filter(user=world.users["handler"], verb="supervise")
    assert any("2026-11-20 17:30" in n.message for n in messages)
