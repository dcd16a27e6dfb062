"""Jurisdiction through the selectors and services: a case outside a user's region subtree or
department is invisible (Case.DoesNotExist, exactly like a missing id) and untouchable (act
raises Case.DoesNotExist and nothing changes)."""

from __future__ import annotations

import pytest

from tongxin.accounts.models import Membership, Role, User
from tongxin.cases import selectors
from tongxin.cases.models import Case
from tongxin.cases.selectors import CaseSearch
from tongxin.cases.workflow import Action, State

from .loop import POINT_A1, POINT_A2, POINT_B1, act, drive, local, report, snapshot

T0 = local(2026, 9, 21, 10)


def test_street_b_cannot_read_street_as_case(world):
    case = report(world, point=POINT_A1, at=T0)
    street_b = world.user("street_b")
    with pytest.raises(Case.DoesNotExist):
        selectors.get_case(street_b, pk=case.pk)
    with pytest.raises(Case.DoesNotExist):
        selectors.get_case(street_b, number=case.number)
    assert not selectors.visible_cases(street_b).exists()
    assert not selectors.search_cases(street_b, CaseSearch(text=case.number)).exists()
    counts = selectors.queue_counts(street_b)
    assert set(counts.values()) == {0}


def test_a_guessed_id_looks_like_a_missing_one(world):
    case = report(world, point=POINT_A1, at=T0)
    street_b = world.user("street_b")
    errors = []
    for pk in (case.pk, case.pk + 1000):
        try:
            selectors.get_case(street_b, pk=pk)
        except Case.DoesNotExist as exc:
            errors.append(type(exc))
    assert errors == [Case.DoesNotExist, Case.DoesNotExist]


@pytest.mark.parametrize(
    ("state", "action", "inputs"),
    [
        (State.REPORTED, Action.REGISTER, {}),
        (State.REPORTED, Action.REJECT, {"note": "不受理"}),
        (State.REPORTED, Action.ANSWER, {"note": "已答复"}),
        (State.REGISTERED, Action.DISPATCH, {"lead": "cg"}),
        (State.REGISTERED, Action.ESCALATE, {"note": "上报"}),
        (State.REGISTERED, Action.ADJUDICATE, {"note": "研判"}),
        (State.REPLIED, Action.VERIFY_PASS, {}),
        (State.REPLIED, Action.VERIFY_FAIL, {"note": "未修复"}),
        (State.CLOSED, Action.RATE, {"rating": "satisfied"}),
    ],
    ids=str,
)
def test_street_b_cannot_act_on_street_as_case(world, state, action, inputs):
    case = drive(world, state, at=T0)
    if "lead" in inputs:
        inputs = {"lead_department": world.departments[inputs["lead"]]}
    before = snapshot(case)
    with pytest.raises(Case.DoesNotExist):
        act(world, case, action, "street_b", **inputs)
    assert snapshot(case) == before
    # ... while street A's own dispatcher may.
    if action in {Action.REGISTER, Action.DISPATCH, Action.VERIFY_PASS}:
        act(world, case, action, "street_a", **inputs)


def test_an_unknown_case_id_raises_does_not_exist_too(world):
    with pytest.raises(Case.DoesNotExist):
        act(world, Case(pk=987654), "register", "dispatcher")


def test_the_district_dispatcher_sees_and_acts_on_both_streets(world):
    a = report(world, point=POINT_A1, at=T0)
    b = report(world, point=POINT_B1, at=T0)
    district = world.user("dispatcher")
    assert set(selectors.visible_cases(district)) == {a, b}
    assert selectors.get_case(district, pk=b.pk) == b
    act(world, a, "register", "dispatcher")
    act(world, b, "register", "dispatcher")
    assert selectors.queue_counts(world.user("dispatcher"))["registered"] == 2
    assert selectors.queue_counts(world.user("street_a"))["registered"] == 1


def test_a_grid_worker_sees_only_their_own_grid(world):
    a1 = report(world, point=POINT_A1, at=T0)
    a2 = report(world, point=POINT_A2, at=T0)
    report(world, point=POINT_B1, at=T0)
    street_level = report(world, region=world.streets["A"], point=None, at=T0)
    grid_a1 = world.user("grid_a1")
    assert list(selectors.visible_cases(grid_a1)) == [a1]
    for other in (a2, street_level):
        with pytest.raises(Case.DoesNotExist):
            selectors.get_case(grid_a1, pk=other.pk)


def test_a_handler_sees_only_cases_their_department_leads_or_co_handles(world):
    led = drive(world, State.REGISTERED, at=T0)
    act(world, led, "dispatch", "street_a", lead_department=world.departments["cg"])
    co = drive(world, State.REGISTERED, at=T0)
    act(world, co, "dispatch", "street_a", lead_department=world.departments["zj"],
        co_departments=[world.departments["cg"]])
    other = drive(world, State.REGISTERED, at=T0)
    act(world, other, "dispatch", "street_a", lead_department=world.departments["sw"])
    undispatched = drive(world, State.REGISTERED, at=T0)

    handler = world.user("handler")
    assert set(selectors.visible_cases(handler)) == {led, co}
    for pk in (other.pk, undispatched.pk):
        with pytest.raises(Case.DoesNotExist):
            selectors.get_case(handler, pk=pk)
    assert set(selectors.visible_cases(world.user("handler_zj"))) == {co}


def test_a_returned_case_leaves_the_departments_sight(world):
    case = drive(world, State.DISPATCHED, at=T0)
    act(world, case, "return", "handler", note="非本单位职责")
    with pytest.raises(Case.DoesNotExist):
        selectors.get_case(world.user("handler"), pk=case.pk)


def test_a_citizen_sees_only_their_own_cases(world):
    mine = report(world, at=T0)
    theirs = report(world, reporter=None, at=T0)  # e.g. from a channel adapter
    other = User.objects.create_user(username="citizen2", password="x")
    Membership.objects.create(user=other, role=Role.CITIZEN)
    world.users["citizen2"] = other
    neighbour = report(world, reporter="citizen2", at=T0)

    assert list(selectors.visible_cases(world.user("citizen"))) == [mine]
    assert list(selectors.visible_cases(world.user("citizen2"))) == [neighbour]
    with pytest.raises(Case.DoesNotExist):
        selectors.get_case(world.user("citizen"), pk=theirs.pk)


def test_nobody_anonymous_or_inactive_sees_anything(world):
    from django.contrib.auth.models import AnonymousUser

    report(world, at=T0)
    assert not selectors.visible_cases(AnonymousUser()).exists()
    User.objects.filter(username="dispatcher").update(is_active=False)
    assert not selectors.visible_cases(world.user("dispatcher")).exists()
