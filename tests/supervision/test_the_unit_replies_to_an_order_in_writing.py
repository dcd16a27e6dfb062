"""The unit answers an order in writing; the reply is on the case's trail and the issuer
hears of it. Only the unit may answer, and only once."""

import pytest

from tests.supervision.helpers import in_progress, local
from tongxin.cases.models import CaseEvent
from tongxin.core.errors import PermissionDenied, ValidationFailed
from tongxin.notifications.models import Notification
from tongxin.supervision.models import OrderStatus, SupervisionOrder
from tongxin.supervision.services import issue_order, reply_order


@pytest.fixture
def order(world):
    case = in_progress(world, local(2026, 11, 16, 9))
    return issue_order(case_id=case.pk, actor=world.user("supervisor"), text="请说明原因",
                       at=local(2026, 11, 18, 10))


def test_handler_replies(world, order, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reply_order(order_id=order.pk, actor=world.user("handler"),
                    text="因配件缺货延误，已于今日更换。", at=local(2026, 11, 19, 15))

    order.refresh_from_db()
    assert order.status == OrderStatus.REPLIED
    assert order.replied_by == world.users["handler"]
    assert order.replied_at == local(2026, 11, 19, 15)
    event = CaseEvent.objects.get(case=order.case, action="supervise_reply")
    assert event.data == {"order": order.pk} and event.note == order.reply
    assert Notification.objects.filter(user=world.users["supervisor"],
                                       verb="supervise_reply").count() == 1


def test_only_once(world, order):
    reply_order(order_id=order.pk, actor=world.user("handler"), text="已办结")
    with pytest.raises(ValidationFailed):
        reply_order(order_id=order.pk, actor=world.user("handler"), text="再次回复")


def test_a_reply_needs_a_text(world, order):
    with pytest.raises(ValidationFailed):
        reply_order(order_id=order.pk, actor=world.user("handler"), text="")


def test_the_supervisor_cannot_answer_for_the_unit(world, order):
    with pytest.raises(PermissionDenied):
        reply_order(order_id=order.pk, actor=world.user("supervisor"), text="代为回复")
    assert SupervisionOrder.objects.get(pk=order.pk).status == OrderStatus.OPEN


def test_another_unit_does_not_see_the_order(world, order):
    with pytest.raises(SupervisionOrder.DoesNotExist):
        reply_order(order_id=order.pk, actor=world.user("handler_zj"), text="回复")
