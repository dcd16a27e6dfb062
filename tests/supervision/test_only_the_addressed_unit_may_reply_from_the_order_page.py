"""Only the unit an order is addressed to gets the reply form; anyone else who posts a reply
is told why on the page and nothing changes."""

from django.urls import reverse

from tests.supervision.helpers import in_progress, local
from tongxin.supervision.models import OrderStatus, SupervisionOrder
from tongxin.supervision.services import issue_order


def test_only_the_addressed_unit_may_reply_from_the_order_page(world, client):
    case = in_progress(world, local(2026, 11, 2, 9))
    order = issue_order(case_id=case.pk, actor=world.user("supervisor"), text="请加快办理",
                        at=local(2026, 11, 10, 10))
    url = reverse("supervision:order", args=[order.pk])
    client.force_login(world.user("supervisor"))

    page = client.get(url).content.decode()
    assert "请加快办理" in page and 'name="text"' not in page

    response = client.post(url, {"text": "代为回复"})
    assert response.status_code == 400
    assert 'class="flash flash-error"' in response.content.decode()
    assert SupervisionOrder.objects.get(pk=order.pk).status == OrderStatus.OPEN
