"""The queue tabs count what the user may see: the district dispatcher counts both streets,
a street dispatcher only their own street, a department only what it was given."""

import re

import pytest
from django.urls import reverse

from tests.workbench.conftest import make_case

pytestmark = pytest.mark.django_db


def counts(html: str) -> dict[str, int]:
    pattern = r'data-queue="(\w+)">\s*<span>[^<]*</span><span class="count">(\d+)</span>'
    return {name: int(n) for name, n in re.findall(pattern, html)}


@pytest.fixture
def caseload(world):
    make_case(world, street="A", state="reported")
    make_case(world, street="A", state="reported")
    make_case(world, street="B", state="reported")
    make_case(world, street="A", state="dispatched")  # lead: 区城管局 (handler)
    make_case(world, street="B", state="in_progress")


def test_district_dispatcher_counts_every_street(world, login, caseload):
    tabs = counts(login("dispatcher").get(reverse("workbench:cases")).content.decode())
    assert tabs["reported"] == 3
    assert tabs["dispatched"] == 1
    assert tabs["in_progress"] == 1
    assert tabs["all"] == 5


def test_street_dispatcher_counts_only_their_street(world, login, caseload):
    tabs = counts(login("street_a").get(reverse("workbench:cases")).content.decode())
    assert tabs["reported"] == 2
    assert tabs["dispatched"] == 1
    assert tabs["in_progress"] == 0
    assert tabs["all"] == 3


def test_handler_sees_department_queues_only(world, login, caseload):
    html = login("handler").get(reverse("workbench:cases")).content.decode()
    tabs = counts(html)
    assert "reported" not in tabs  # not a queue a unit works from
    assert tabs["dispatched"] == 1
    assert tabs["in_progress"] == 1
    assert tabs["all"] == 2
    assert re.search(r'aria-current="page"\s+data-queue="dispatched"', html)  # home queue


def test_other_department_sees_nothing(world, login, caseload):
    tabs = counts(login("handler_zj").get(reverse("workbench:cases")).content.decode())
    assert tabs["all"] == 0
