"""The case page offers one form per action the user may take now — exactly the ones
selectors.available_actions returns — and nothing else."""

import re

import pytest
from django.urls import reverse

from tests.workbench.conftest import make_case
from tongxin.cases.selectors import available_actions
from tongxin.cases.services import rework_limit

pytestmark = pytest.mark.django_db


def offered(html: str) -> set[str]:
    return set(re.findall(r'<form method="post" action="/cases/\d+/act/(\w+)/"', html))


@pytest.mark.parametrize(("user", "state"), [
    ("dispatcher", "reported"), ("dispatcher", "registered"), ("dispatcher", "replied"),
    ("street_a", "registered"), ("operator", "reported"), ("handler", "dispatched"),
    ("handler", "in_progress"), ("grid_a1", "reported"), ("grid_a1", "replied"),
    ("supervisor", "in_progress"), ("leader", "registered"), ("admin", "reported"),
])
def test_forms_match_available_actions(world, login, user, state):
    case = make_case(world, state=state, in_grid=True)
    response = login(user).get(reverse("workbench:case", args=[case.pk]))
    assert response.status_code == 200
    html = response.content.decode()

    expected = {row.action.value for row in available_actions(
        world.user(user), case, rework_limit=rework_limit())}
    assert offered(html) == expected
    if user != "admin":
        assert expected, "each scenario should offer something, or it proves little"


def test_dispatcher_of_a_registered_case_gets_dispatch_with_lead_and_co_handlers(world, login):
    case = make_case(world, state="registered", category=world.categories["light"])
    html = login("dispatcher").get(reverse("workbench:case", args=[case.pk])).content.decode()

    assert "dispatch" in offered(html)
    assert 'name="co_departments"' in html and "multiple" in html
    # The category's own unit (路灯照明 → 区城管局) is preselected as lead.
    cg = world.departments["cg"].pk
    assert re.search(rf'<option value="{cg}" selected>区城管局</option>', html)


def test_handler_cannot_dispatch_and_sees_no_dispatch_form(world, login):
    case = make_case(world, state="dispatched")
    html = login("handler").get(reverse("workbench:case", args=[case.pk])).content.decode()
    assert offered(html) == {"accept", "return"}
    assert "lead_department" not in html


def test_admin_sees_the_case_but_no_forms(world, login):
    case = make_case(world, state="registered")
    html = login("admin").get(reverse("workbench:case", args=[case.pk])).content.decode()
    assert offered(html) == set()
    assert "您目前无需对此案件进行操作" in html


def test_reply_form_takes_several_photos(world, login):
    case = make_case(world, state="in_progress")
    html = login("handler").get(reverse("workbench:case", args=[case.pk])).content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert re.search(r'<input type="file" name="photos"[^>]* multiple', html)
