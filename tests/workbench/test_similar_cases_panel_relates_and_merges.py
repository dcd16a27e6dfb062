"""The case page's "相似案件" panel: a dispatcher sees the open case of the same problem with
its reasons and relates or merges it from there; a merged case shows its master's outcome; a
grid worker sees the suggestions without the buttons; another street's case is a 404."""

import pytest
from django.urls import reverse

from tests.workbench.conftest import make_case
from tongxin.cases.models import CaseLink

pytestmark = pytest.mark.django_db

LAMP = {"title": "幸福路128号路灯不亮", "description": "晚上一片漆黑"}


def test_dispatcher_relates_then_merges_from_the_panel(world, login):
    first, second = make_case(world, **LAMP), make_case(world, **LAMP)
    client = login("street_a")
    page = client.get(reverse("workbench:case", args=[second.pk]))
    html = page.content.decode()
    assert 'data-testid="duplicate-candidates"' in html and first.number in html
    assert reverse("workbench:similar_merge", args=[second.pk]) in html

    url = reverse("workbench:similar_link", args=[second.pk])
    assert client.post(url, {"other": first.pk}).status_code == 302
    assert CaseLink.objects.count() == 1
    assert second.events.filter(action="link").exists()

    merge = reverse("workbench:similar_merge", args=[second.pk])
    client.post(merge, {"other": first.pk, "direction": "into_other"})
    second.refresh_from_db()
    assert second.merged_into == first and second.status == "closed"
    merged_page = client.get(reverse("workbench:case", args=[second.pk])).content.decode()
    assert 'data-testid="merged-into"' in merged_page and first.number in merged_page


def test_a_refused_merge_is_a_message_not_an_error(world, login):
    first = make_case(world, **LAMP, state="dispatched")  # past intake: cannot be merged away
    second = make_case(world, **LAMP)
    client = login("street_a")
    url = reverse("workbench:similar_merge", args=[second.pk])
    response = client.post(url, {"other": first.pk, "direction": "into_this"}, follow=True)
    assert response.status_code == 200
    first.refresh_from_db()
    assert first.merged_into is None
    assert list(response.context["messages"])


def test_grid_worker_sees_suggestions_without_buttons_and_other_streets_are_404(world, login):
    first = make_case(world, **LAMP, in_grid=True)
    second = make_case(world, **LAMP, in_grid=True)
    client = login("grid_a1")
    html = client.get(reverse("workbench:case", args=[second.pk])).content.decode()
    assert first.number in html
    assert reverse("workbench:similar_link", args=[second.pk]) not in html

    other = make_case(world, street="B", **LAMP)
    street_a = login("street_a")
    url = reverse("workbench:similar_link", args=[second.pk])
    assert street_a.post(url, {"other": other.pk}).status_code == 404
    assert street_a.post(url, {"other": "x"}).status_code == 404
