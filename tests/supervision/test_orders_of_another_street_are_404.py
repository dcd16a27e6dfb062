"""An order is visible exactly when its case is: another street's order is not listed and
its page is a plain 404, also for a reply posted to it."""

from django.urls import reverse

from tests.supervision.helpers import in_progress, local
from tongxin.supervision.models import OrderStatus
from tongxin.supervision.services import issue_order


def test_orders_of_another_street_are_404(world, client):
    case = in_progress(world, local(2026, 11, 2, 9))  # street A, 区城管局
    order = issue_order(case_id=case.pk, actor=world.user("supervisor"), text="请加快",
                        at=local(2026, 11, 10, 10))
    url = reverse("supervision:order", args=[order.pk])

    for name in ("street_b", "handler_zj"):
        client.force_login(world.user(name))
        assert client.get(url).status_code == 404
        assert client.post(url, {"text": "回复"}).status_code == 404
        listing = client.get(reverse("supervision:orders")).content.decode()
        assert f'data-order="{order.pk}"' not in listing

    client.force_login(world.user("street_a"))
    assert client.get(url).status_code == 200
    order.refresh_from_db()
    assert order.status == OrderStatus.OPEN
