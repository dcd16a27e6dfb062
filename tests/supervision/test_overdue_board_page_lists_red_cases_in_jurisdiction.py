"""The overdue board lists the red cases of the user's area, most overdue first, with how
long each is overdue, its unit and how often it was supervised; other areas' cases and users
who do not watch time limits are kept out."""

from django.urls import reverse

from tests.supervision.helpers import POINT_B1, dispatched, in_progress, local
from tongxin.cases.sweep import sweep


def test_overdue_board_page_lists_red_cases_in_jurisdiction(world, client):
    late = in_progress(world, local(2026, 11, 2, 9))  # 区城管局, due Nov 9 17:30
    later = in_progress(world, local(2026, 10, 26, 9))  # due Nov 2 17:30: more overdue
    other = dispatched(world, local(2026, 11, 2, 9), dept="zj", point=POINT_B1,
                       street="street_b")
    sweep(now=local(2026, 11, 10, 9))
    url = reverse("supervision:overdue")

    client.force_login(world.user("supervisor"))
    page = client.get(url).content.decode()
    assert page.index(later.number) < page.index(late.number) < page.index(other.number)
    assert "区城管局" in page and 'data-warning="red"' in page
    assert f'href="{reverse("workbench:case", args=[late.pk])}"' in page

    client.force_login(world.user("street_a"))
    page = client.get(url).content.decode()
    assert late.number in page and other.number not in page

    client.force_login(world.user("handler"))
    assert client.get(url).status_code == 403
