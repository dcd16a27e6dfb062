"""The unit opens its supervision order, writes the reply in the form on the page and sees
it recorded; the form is gone once the order is answered."""

from django.urls import reverse

from tests.supervision.helpers import in_progress, local
from tongxin.cases.models import CaseEvent
from tongxin.supervision.models import OrderStatus
from tongxin.supervision.services import issue_order


def test_unit_replies_to_an_order_from_its_page(world, client):
    case = in_progress(world, local(2026, 11, 2, 9))
    order = issue_order(case_id=case.pk, actor=world.user("supervisor"), text="请说明延误原因",
                        at=local(2026, 11, 10, 10))
    url = reverse("supervision:order", args=[order.pk])
    client.force_login(world.user("handler"))

    page = client.get(url).content.decode()
    assert "请说明延误原因" in page and case.number in page and 'name="text"' in page

    assert client.post(url, {"text": ""}).status_code == 400  # a reply needs a text
    response = client.post(url, {"text": "配件缺货，已更换。"}, follow=True)

    assert response.redirect_chain == [(url, 302)]
    order.refresh_from_db()
    assert order.status == OrderStatus.REPLIED and order.replied_by == world.users["handler"]
    assert CaseEvent.objects.filter(case=case, action="supervise_reply").exists()
    page = response.content.decode()
    assert "配件缺货，已更换。" in page and 'name="text"' not in page
