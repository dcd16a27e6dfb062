"""cases.access.jurisdiction_filter, the one filter every read goes through, returns
exactly the cases of the user's region subtrees and departments: no more, no fewer, no
duplicates — for every level of the tree and for users holding several memberships."""

from __future__ import annotations

import pytest

from tongxin.accounts.models import Membership, Role, User
from tongxin.cases.access import can_act, jurisdiction_filter
from tongxin.cases.models import Case
from tongxin.cases.workflow import Scope

from .loop import POINT_A1, POINT_A2, POINT_B1, POINT_B2, act, local, report

T0 = local(2026, 9, 21, 10)


@pytest.fixture
def cases(world) -> dict[str, Case]:
    """One case in every grid, one placed only at street level, one only at district level."""
    made = {
        "A1": report(world, point=POINT_A1, at=T0),
        "A2": report(world, point=POINT_A2, at=T0),
        "B1": report(world, point=POINT_B1, at=T0),
        "B2": report(world, point=POINT_B2, at=T0),
        "A": report(world, region=world.streets["A"], point=None, at=T0),
        "B": report(world, region=world.streets["B"], point=None, at=T0),
        "D": report(world, region=world.district, point=None, at=T0),
    }
    for key in ("A1", "A2", "B1", "B2", "A", "B", "D"):
        act(world, made[key], "register", "dispatcher")
    # A1 led by 城管 with 住建 co-handling; B1 led by 住建 with 城管 and 水务 co-handling.
    act(world, made["A1"], "dispatch", "dispatcher", lead_department=world.departments["cg"],
        co_departments=[world.departments["zj"]])
    act(world, made["B1"], "dispatch", "dispatcher", lead_department=world.departments["zj"],
        co_departments=[world.departments["cg"], world.departments["sw"]])
    return made


def member(world, name: str, *scopes: tuple[str, object]) -> User:
    user = User.objects.create_user(username=name, password="x")
    for role, scope in scopes:
        region = scope if scope is not None and hasattr(scope, "level") else None
        department = scope if scope is not None and region is None else None
        Membership.objects.create(user=user, role=role, region=region, department=department)
    return User.objects.get(pk=user.pk)


def seen(user: User, cases: dict[str, Case]) -> list[str]:
    by_pk = {c.pk: k for k, c in cases.items()}
    qs = jurisdiction_filter(Case.objects.all(), user)
    pks = list(qs.values_list("pk", flat=True))
    assert len(pks) == len(set(pks)) == qs.count(), "no duplicates"
    return sorted(by_pk[pk] for pk in pks)


def test_each_level_of_the_tree_sees_its_subtree(world, cases):
    d = world
    assert seen(member(d, "dist", (Role.DISPATCHER, d.district)), cases) == sorted(cases)
    assert seen(member(d, "sa", (Role.DISPATCHER, d.streets["A"])), cases) == ["A", "A1", "A2"]
    assert seen(member(d, "sb", (Role.DISPATCHER, d.streets["B"])), cases) == ["B", "B1", "B2"]
    assert seen(member(d, "ca2", (Role.GRID_WORKER, d.communities["A2"])), cases) == ["A2"]
    assert seen(member(d, "gb2", (Role.GRID_WORKER, d.grids["B2"])), cases) == ["B2"]


def test_departments_see_what_they_lead_or_co_handle(world, cases):
    d = world
    assert seen(member(d, "cg", (Role.HANDLER, d.departments["cg"])), cases) == ["A1", "B1"]
    assert seen(member(d, "zj", (Role.HANDLER, d.departments["zj"])), cases) == ["A1", "B1"]
    assert seen(member(d, "sw", (Role.HANDLER, d.departments["sw"])), cases) == ["B1"]


def test_several_memberships_see_the_union_once(world, cases):
    d = world
    user = member(d, "multi", (Role.DISPATCHER, d.streets["A"]), (Role.GRID_WORKER, d.grids["B1"]),
                  (Role.HANDLER, d.departments["cg"]), (Role.HANDLER, d.departments["zj"]))
    # A1 and B1 are reachable three ways each; each still appears once.
    assert seen(user, cases) == ["A", "A1", "A2", "B1"]


def test_a_citizen_membership_sees_only_reports_of_that_account(world, cases):
    assert seen(world.user("citizen"), cases) == sorted(cases)  # the fixture's reporter
    assert seen(member(world, "c2", (Role.CITIZEN, None)), cases) == []


def test_no_membership_sees_nothing(world, cases):
    assert seen(member(world, "nobody"), cases) == []


def test_the_filter_composes_with_other_filters(world, cases):
    user = member(world, "sa", (Role.DISPATCHER, world.streets["A"]))
    qs = jurisdiction_filter(Case.objects.filter(status="dispatched"), user)
    assert list(qs) == [cases["A1"]]


def test_can_act_uses_the_same_subtrees(world, cases):
    """The write check agrees with the read filter for area scope: inside ⇔ visible."""
    d = world
    users = [member(d, "sa", (Role.DISPATCHER, d.streets["A"])),
             member(d, "gb2", (Role.GRID_WORKER, d.grids["B2"])),
             member(d, "dist", (Role.DISPATCHER, d.district))]
    for user in users:
        visible = set(seen(user, cases))
        for key, case in cases.items():
            case = Case.objects.select_related(
                "owner_region", "district", "street", "community", "grid").get(pk=case.pk)
            assert can_act(user, "cases.verify", case, Scope.AREA) == (key in visible), (
                user.username, key)


def test_command_scope_needs_the_owner_inside_the_users_region(world, cases):
    d = world
    case = Case.objects.select_related("owner_region", "grid").get(pk=cases["A1"].pk)
    assert case.owner_region == d.streets["A"]
    grid_dispatcher = member(d, "ga1", (Role.DISPATCHER, d.grids["A1"]))
    # The case lies in the grid, but its command center (street A) does not: a grid-level
    # membership may act on the area, never take command of a street's case.
    assert can_act(grid_dispatcher, "cases.verify", case, Scope.AREA)
    assert not can_act(grid_dispatcher, "cases.dispatch", case, Scope.COMMAND)
    assert can_act(member(d, "sa", (Role.DISPATCHER, d.streets["A"])), "cases.dispatch", case,
                   Scope.COMMAND)
