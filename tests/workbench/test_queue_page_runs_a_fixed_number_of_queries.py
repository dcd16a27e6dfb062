"""The queue page and the case page cost the same number of queries for 3 cases or 20: no
query per row (a command center lists hundreds of cases a day)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.workbench.conftest import make_case

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_queries_do_not_grow_with_rows(world, login):
    client = login("dispatcher")
    url = reverse("workbench:cases") + "?queue=all"
    for _ in range(3):
        make_case(world, state="dispatched")
    few = queries(client, url)
    for _ in range(17):
        make_case(world, state="dispatched")
    many = queries(client, url)
    assert many == few
    assert few <= 12


def test_case_page_queries_do_not_grow_with_the_timeline(world, login):
    client = login("dispatcher")
    short = make_case(world, state="registered")
    long = make_case(world, state="closed")
    assert queries(client, reverse("workbench:case", args=[long.pk])) <= queries(
        client, reverse("workbench:case", args=[short.pk])) + 1  # + the dispatch's policy label
