"""The order list shows the orders of the user's area with their unit, due time and case,
filtered by status; the unit sees the orders awaiting its reply."""

from django.urls import reverse

from tests.supervision.helpers import in_progress, local
from tongxin.supervision.services import issue_order, reply_order


def test_order_list_page_filters_by_status(world, client):
    first = in_progress(world, local(2026, 11, 2, 9))
    second = in_progress(world, local(2026, 11, 2, 9))
    answered = issue_order(case_id=first.pk, actor=world.user("supervisor"), text="甲",
                           at=local(2026, 11, 10, 10))
    waiting = issue_order(case_id=second.pk, actor=world.user("supervisor"), text="乙",
                          at=local(2026, 11, 10, 10))
    reply_order(order_id=answered.pk, actor=world.user("handler"), text="已办")
    url = reverse("supervision:orders")

    def listed(**query):
        page = client.get(url, query).content.decode()
        return {o.pk for o in (answered, waiting) if f'data-order="{o.pk}"' in page}

    client.force_login(world.user("supervisor"))
    assert listed() == {answered.pk, waiting.pk}
    assert listed(status="open") == {waiting.pk}
    assert listed(status="replied") == {answered.pk}
    assert listed(status="escalated") == set()
    page = client.get(url).content.decode()
    assert second.number in page and "区城管局" in page and "2026-11-" in page

    client.force_login(world.user("handler"))
    assert listed(mine="1") == {waiting.pk}
