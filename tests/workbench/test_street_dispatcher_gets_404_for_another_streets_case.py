"""A street dispatcher guessing the id of another street's case learns nothing and changes
nothing: the case page, its files and every action answer 404 exactly like a missing id."""

import pytest
from django.urls import reverse

from tests.workbench.conftest import make_case
from tongxin.cases.models import Case, CaseEvent
from tongxin.cases.workflow import Action

pytestmark = pytest.mark.django_db


def test_case_page_of_another_street_is_404(world, login):
    case_b = make_case(world, street="B")
    client = login("street_a")

    response = client.get(reverse("workbench:case", args=[case_b.pk]))

    assert response.status_code == 404
    assert case_b.title not in response.content.decode()


def test_own_streets_case_opens(world, login):
    case_a = make_case(world, street="A")
    response = login("street_a").get(reverse("workbench:case", args=[case_a.pk]))
    assert response.status_code == 200
    assert case_a.number in response.content.decode()


def test_missing_case_and_foreign_case_look_the_same(world, login):
    case_b = make_case(world, street="B")
    client = login("street_a")
    foreign = client.get(reverse("workbench:case", args=[case_b.pk]))
    missing = client.get(reverse("workbench:case", args=[case_b.pk + 1000]))
    assert foreign.status_code == missing.status_code == 404
    assert foreign.content == missing.content


@pytest.mark.parametrize("action", [a.value for a in Action])
def test_every_action_on_another_streets_case_is_404_and_changes_nothing(world, login, action):
    case_b = make_case(world, street="B")
    events_before = CaseEvent.objects.filter(case=case_b).count()
    client = login("street_a")

    response = client.post(
        reverse("workbench:act", args=[case_b.pk, action]),
        {"note": "越权操作", "lead_department": world.departments["cg"].pk, "rating": "satisfied"},
    )

    assert response.status_code == 404
    after = Case.objects.get(pk=case_b.pk)
    assert after.status == case_b.status
    assert after.lead_department_id is None
    assert CaseEvent.objects.filter(case=case_b).count() == events_before


def test_attachment_of_another_streets_case_is_404(world, login):
    case_b = make_case(world, street="B")
    response = login("street_a").get(reverse("workbench:attachment", args=[case_b.pk, 1]))
    assert response.status_code == 404


def test_another_streets_case_is_not_listed(world, login):
    case_a = make_case(world, street="A", title="A街道的井盖缺失")
    case_b = make_case(world, street="B", title="B街道的噪音扰民")
    body = login("street_a").get(reverse("workbench:cases"), {"queue": "all"}).content.decode()
    assert case_a.number in body
    assert case_b.number not in body
