"""The red list page ranks the units by cases that went red in the chosen month."""

from django.urls import reverse

from tests.supervision.helpers import POINT_B1, dispatched, local
from tongxin.cases.sweep import sweep


def test_red_list_page_ranks_units_by_month(world, client):
    for _ in range(2):
        dispatched(world, local(2026, 11, 2, 9))  # 区城管局
    dispatched(world, local(2026, 11, 2, 9), dept="zj", point=POINT_B1, street="street_b")
    sweep(now=local(2026, 11, 10, 9))
    url = reverse("supervision:red_list")
    client.force_login(world.user("supervisor"))

    page = client.get(url, {"month": "2026-11"}).content.decode()
    cg, zj = world.departments["cg"].pk, world.departments["zj"].pk
    assert page.index(f'data-department="{cg}"') < page.index(f'data-department="{zj}"')
    assert "<strong>2</strong>" in page

    october = client.get(url, {"month": "2026-10"}).content.decode()
    assert 'data-department="' not in october
    assert 'value="2026年10月"' in october  # a zh-Hans page writes the month in Chinese
    assert client.get(url, {"month": "2026年11月"}).content.decode().count(
        'data-department="') == page.count('data-department="')

    assert client.get(url, {"month": "nonsense"}).status_code == 200  # this month instead
    client.force_login(world.user("handler"))
    assert client.get(url).status_code == 403
