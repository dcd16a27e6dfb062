"""红榜, the red side of 红黑榜: the units that did well in the month — at least three cases
closed as lead unit, every one finished on time, none reworked, every rating 满意 or 基本满意,
no case returned, and none of their cases on the month's black list (red_list). The period is
the black list's: the calendar month the page shows."""

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.supervision.helpers import POINT_B1, act, dispatched, local
from tests.world import _user
from tongxin.cases.sweep import sweep
from tongxin.feedback.services import rate
from tongxin.supervision.selectors import honour_list, month, red_list

HANDLERS = {"cg": "handler", "zj": "handler_zj", "sw": "handler_sw"}
STREETS = {"cg": ("street_a", None), "zj": ("street_b", POINT_B1), "sw": ("street_a", None)}


@pytest.fixture(autouse=True)
def water_handler(world):
    world.users["handler_sw"] = _user("handler_sw", "handler", department=world.departments["sw"])


def closed(world, dept: str, at, *, rating: str = "satisfied", reply_after=timedelta(days=1),
           rework: bool = False):
    """A case of `dept` dispatched at `at`, handled, verified and rated."""
    street, point = STREETS[dept]
    kwargs = {"point": point} if point else {}
    case = dispatched(world, at, dept=dept, street=street, **kwargs)
    handler = HANDLERS[dept]
    act(world, case, "accept", handler, at + timedelta(hours=1))
    when = at + reply_after
    rounds = [("unsatisfied", when), (rating, when + timedelta(days=1))] if rework else [
        (rating, when)]
    for given, moment in rounds:
        act(world, case, "reply", handler, moment, note="已处理")
        act(world, case, "verify_pass", street, moment + timedelta(hours=1))
        rate(case_id=case.pk, rating=given, actor=None, at=moment + timedelta(hours=2))
    case.refresh_from_db()
    return case


def names(rows):
    return [(r["short_name"] or r["name"], r["closed"]) for r in rows]


def test_units_with_every_case_well_done_are_listed_most_closed_first(world):
    start = local(2026, 11, 2, 9)
    for i in range(4):
        closed(world, "cg", start + timedelta(hours=i))
    for rating in ("satisfied", "basically", "satisfied"):
        closed(world, "zj", start, rating=rating)
    for _ in range(2):  # too few to judge
        closed(world, "sw", start)

    november = honour_list(*month(2026, 11))
    assert [(r["name"], r["closed"], r["satisfied"], r["rated"]) for r in november] == [
        ("区城管局", 4, 4, 4), ("区住建局", 3, 3, 3)]
    assert [r["name"] for r in honour_list(*month(2026, 11), min_closed=2)] == [
        "区城管局", "区住建局", "区水务局"]
    assert honour_list(*month(2026, 10)) == []  # closed in November: not October's record
    # Street B's dispatcher sees only the 住建局 cases of street B.
    assert [r["name"] for r in honour_list(*month(2026, 11), user=world.user("street_b"))] == [
        "区住建局"]


@pytest.mark.parametrize("flaw", ["late", "reworked", "unsatisfied", "returned", "went_red"])
def test_one_flaw_keeps_a_unit_off_the_honour_list(world, flaw):
    start = local(2026, 11, 2, 9)
    for _ in range(3):
        closed(world, "cg", start)
        closed(world, "zj", start)  # the unit beside it, always listed
    if flaw == "late":
        closed(world, "cg", start, reply_after=timedelta(days=18))
    elif flaw == "reworked":
        closed(world, "cg", start, rework=True)
    elif flaw == "unsatisfied":
        from django.test import override_settings

        with override_settings(TONGXIN_REWORK_LIMIT=0):  # no rework left: stays closed
            closed(world, "cg", start, rating="unsatisfied")
    elif flaw == "returned":
        case = dispatched(world, start, dept="cg")
        act(world, case, "return", "handler", start + timedelta(hours=1), note="非本单位职责")
    else:
        dispatched(world, start, dept="cg")  # never handled: red past its deadline
        sweep(now=local(2026, 11, 20, 9))
        assert [r["name"] for r in red_list(*month(2026, 11))] == ["区城管局"]

    assert [r["name"] for r in honour_list(*month(2026, 11))] == ["区住建局"]


def test_the_red_list_page_shows_the_honour_list_beside_the_black_list(world, client):
    start = local(2026, 11, 2, 9)
    for _ in range(3):
        closed(world, "zj", start)
    dispatched(world, start, dept="cg")
    sweep(now=local(2026, 11, 20, 9))
    client.force_login(world.user("supervisor"))

    page = client.get(reverse("supervision:red_list"), {"month": "2026-11"}).content.decode()
    zj, cg = world.departments["zj"].pk, world.departments["cg"].pk
    assert f'data-honour-department="{zj}"' in page
    assert "红榜" in page and "黑榜" in page  # in the page's language, zh-Hans
    assert f'data-honour-department="{cg}"' not in page
    assert f'data-department="{cg}"' in page
    assert page.index('data-testid="honour-list"') < page.index(f'data-department="{cg}"')
