"""Orders, the overdue board and referrals are read through the one jurisdiction filter: an
order is visible exactly when its case is."""

from datetime import timedelta

from tests.supervision.helpers import POINT_B1, dispatched, in_progress, local
from tongxin.cases.sweep import sweep
from tongxin.supervision.selectors import (
    orders_awaiting,
    orders_for,
    overdue_board,
    referrals_for,
)
from tongxin.supervision.services import issue_order, refer_case


def test_orders_for(world):
    a = in_progress(world, local(2026, 11, 16, 9))
    b = dispatched(world, local(2026, 11, 16, 9), dept="zj", point=POINT_B1, street="street_b")
    sweep(now=local(2026, 11, 24, 9))

    def cases(user):
        return {o.case_id for o in orders_for(world.user(user))}

    assert cases("supervisor") == cases("dispatcher") == {a.pk, b.pk}
    assert cases("street_a") == cases("handler") == {a.pk}
    assert cases("street_b") == cases("handler_zj") == {b.pk}
    assert cases("citizen") == set()
    assert [o.case_id for o in orders_awaiting(world.user("handler"))] == [a.pk]
    assert list(orders_awaiting(world.user("street_a"))) == []  # not addressed to them


def test_overdue_board(world):
    late = in_progress(world, local(2026, 11, 16, 9))  # due 23rd 17:30
    later = in_progress(world, local(2026, 11, 13, 9))  # due 20th 17:30
    in_progress(world, local(2026, 11, 23, 9))  # not yet due
    sweep(now=local(2026, 11, 24, 9))
    issue_order(case_id=late.pk, actor=world.user("supervisor"), text="请加快",
                at=local(2026, 11, 24, 10))

    now = local(2026, 11, 24, 17, 30)
    board = list(overdue_board(world.user("supervisor"), now=now))

    assert [c.pk for c in board] == [later.pk, late.pk]  # most overdue first
    assert board[0].overdue_for == timedelta(days=4)
    assert board[1].overdue_for == timedelta(days=1)
    assert (board[1].open_orders, board[1].supervision_count) == (2, 2)
    assert board[1].lead_department == world.departments["cg"]
    assert list(overdue_board(world.user("street_b"), now=now)) == []


def test_referrals_for(world):
    case = in_progress(world, local(2026, 11, 16, 9))
    refer_case(case_id=case.pk, actor=world.user("supervisor"),
               problem_type="repeated_overdue", reason="多次超期")

    assert referrals_for(world.user("supervisor")).count() == 1
    assert referrals_for(world.user("leader")).count() == 1
    assert referrals_for(world.user("handler")).count() == 0  # not the unit's own file
    assert referrals_for(world.user("street_a")).count() == 0
