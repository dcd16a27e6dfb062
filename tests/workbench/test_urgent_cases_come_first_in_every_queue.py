"""特事特办 jumps the queue: urgent cases are listed before older and newer normal ones."""

from django.urls import reverse

from tests.workbench.conftest import make_case


def test_an_urgent_case_is_first_although_it_is_the_oldest(world, login):
    urgent = make_case(world, title="燃气泄漏", urgency="urgent")
    normal = [make_case(world, title=f"路灯不亮{i}") for i in range(3)]
    page = login("dispatcher").get(reverse("workbench:cases") + "?queue=reported")
    html = page.content.decode()
    positions = [html.index(c.number) for c in [urgent, *reversed(normal)]]
    assert positions == sorted(positions)
