"""The red list ranks units by the cases that went red in a period, in one aggregate query,
optionally only over the cases a user may see."""

from datetime import date

from tests.supervision.helpers import POINT_B1, dispatched, local
from tongxin.cases.sweep import sweep
from tongxin.supervision.selectors import month, red_list


def test_red_list(world, django_assert_num_queries):
    for _ in range(3):
        dispatched(world, local(2026, 11, 2, 9))  # 区城管局, due Nov 9
    dispatched(world, local(2026, 11, 2, 9), dept="zj", point=POINT_B1, street="street_b")
    sweep(now=local(2026, 11, 10, 9))
    dispatched(world, local(2026, 11, 20, 9))
    sweep(now=local(2026, 12, 1, 9))  # a December red case of 区城管局
    dispatched(world, local(2026, 11, 2, 9), dept="sw")  # never red: not listed

    with django_assert_num_queries(1):
        november = red_list(*month(2026, 11))

    assert [(r["name"], r["red_cases"], r["red_alarms"]) for r in november] == [
        ("区城管局", 3, 3), ("区住建局", 1, 1),
    ]
    assert [r["name"] for r in red_list(date(2026, 11, 1), date(2026, 12, 2))] == [
        "区城管局", "区住建局",
    ]
    assert red_list(date(2026, 11, 1), date(2026, 12, 2))[0]["red_cases"] == 4
    assert [r["name"] for r in red_list(*month(2026, 11), min_red=2)] == ["区城管局"]
    assert red_list(*month(2026, 10)) == []
    # Street B's dispatcher sees only the 住建局 case in street B.
    only_b = red_list(*month(2026, 11), user=world.user("street_b"))
    assert [(r["name"], r["red_cases"]) for r in only_b] == [("区住建局", 1)]
