"""The sidebar links to the supervision pages for the roles that may see them, and counts the
orders awaiting the user's reply."""

from django.urls import reverse

from tests.supervision.helpers import in_progress, local
from tongxin.supervision.services import issue_order


def test_sidebar_shows_supervision_links_and_the_awaiting_badge(world, client):
    case = in_progress(world, local(2026, 11, 2, 9))
    issue_order(case_id=case.pk, actor=world.user("supervisor"), text="请加快",
                at=local(2026, 11, 10, 10))
    cases = reverse("workbench:cases")

    client.force_login(world.user("handler"))
    page = client.get(cases).content.decode()
    assert 'data-nav="orders"' in page and 'data-nav="overdue"' not in page
    link = page[page.index('data-nav="orders"'):]
    assert '<span class="count is-unread"' in link[:link.index("</a>")]
    assert link[:link.index("</a>")].rstrip().endswith(">1</span>")

    client.force_login(world.user("supervisor"))
    page = client.get(cases).content.decode()
    assert 'data-nav="overdue"' in page and 'data-nav="red_list"' in page
    link = page[page.index('data-nav="orders"'):]
    assert "is-unread" not in link[:link.index("</a>")]  # no order awaits the supervisor

    client.force_login(world.user("operator"))
    assert 'data-nav="orders"' not in client.get(cases).content.decode()
