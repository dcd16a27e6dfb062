"""The queue list: 20 cases a page, filters by text, status, category, region, channel, date
and overdue, and an htmx request gets only the result fragment."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.workbench.conftest import make_case
from tongxin.cases.models import Case

pytestmark = pytest.mark.django_db


def numbers(html: str) -> set[str]:
    return set(re.findall(r'<td class="mono"><a href="/cases/\d+/">(\d+)</a>', html))


def listing(client, **params) -> str:
    response = client.get(reverse("workbench:cases"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_list_pages_by_twenty(world, login):
    for i in range(23):
        make_case(world, title=f"井盖缺失 {i}")
    client = login("dispatcher")

    first = listing(client, queue="reported")
    second = listing(client, queue="reported", page=2)

    assert len(numbers(first)) == 20
    assert len(numbers(second)) == 3
    assert numbers(first).isdisjoint(numbers(second))
    assert "第 1 / 2 页" in first
    assert 'href="?queue=reported&amp;page=2"' in first


def test_filters_narrow_the_list(world, login):
    lamp = make_case(world, title="路灯不亮", category=world.categories["light"])
    noise = make_case(world, street="B", title="夜间施工噪音")
    client = login("dispatcher")

    assert numbers(listing(client, queue="all", q="噪音")) == {noise.number}
    assert numbers(listing(client, queue="all", q=lamp.number)) == {lamp.number}
    assert numbers(listing(client, queue="all", category=world.categories["top"].pk)) == {
        lamp.number}
    assert numbers(listing(client, queue="all", region=world.streets["B"].pk)) == {noise.number}
    assert numbers(listing(client, queue="all", status="reported")) == {lamp.number, noise.number}
    assert numbers(listing(client, queue="all", channel="portal")) == set()
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert numbers(listing(client, queue="all", date_from=tomorrow)) == set()


def test_overdue_filter_shows_cases_past_their_deadline(world, login):
    late = make_case(world, state="in_progress", title="早已超期")
    make_case(world, state="in_progress", title="尚未超期")
    Case.objects.filter(pk=late.pk).update(finish_deadline=timezone.now() - timedelta(hours=3))
    client = login("dispatcher")

    html = listing(client, queue="all", overdue="on")

    assert numbers(html) == {late.number}
    assert 'class="badge warn-red"' in html


def test_queue_tab_limits_the_statuses(world, login):
    reported = make_case(world)
    registered = make_case(world, state="registered")
    client = login("dispatcher")
    assert numbers(listing(client, queue="reported")) == {reported.number}
    assert numbers(listing(client, queue="registered")) == {registered.number}


def test_invalid_filter_values_are_ignored_not_an_error(world, login):
    case = make_case(world)
    html = listing(login("dispatcher"), queue="all", status="bogus", date_from="yesterday",
                   page="x")
    assert numbers(html) == {case.number}


def test_htmx_request_gets_only_the_results_fragment(world, login):
    case = make_case(world)
    response = login("dispatcher").get(reverse("workbench:cases"), {"queue": "reported"},
                                       HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert case.number in html
    assert "<html" not in html and "sidebar" not in html
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(world, login):
    response = login("dispatcher").get(reverse("workbench:cases"), HTTP_HX_REQUEST="true",
                                       HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in response.content.decode()


def test_filter_form_works_without_javascript(world, login):
    html = listing(login("dispatcher"))
    form = re.search(r'<form class="filters card" method="get" action="/cases/"', html)
    assert form, "a plain GET form, so the filters work with JavaScript off"
    assert 'hx-get="/cases/"' in html and 'hx-push-url="true"' in html
