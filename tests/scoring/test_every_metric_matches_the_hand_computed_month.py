from tests.scoring.handset import AS_OF, SEP, STREET_B, TOTAL
from tongxin.cases.models import Case, Channel
from tongxin.scoring.metrics import compute


def figures(dimension):
    rows = compute(Case.objects.all(), start=SEP[0], end=SEP[1], dimension=dimension, as_of=AS_OF)
    return {row["key"]: {k: v for k, v in row.items() if k not in ("key", "counts")}
            for row in rows}


def test_district_total_matches_every_hand_computed_metric(month):
    assert figures("total")[None] == TOTAL


def test_street_b_has_only_the_returned_never_signed_case(month):
    w, _cases = month
    by_street = figures("street")
    assert by_street[w.streets["B"].pk] == STREET_B
    assert by_street[w.streets["A"].pk]["received"] == 8


def test_units_count_the_cases_they_lead_now(month):
    w, _cases = month
    by_unit = figures("unit")
    cg = by_unit[w.departments["cg"].pk]
    # c1 c2 c3 c7 c8: all signed on time but c2; c2 and c8 overdue
    assert (cg["received"], cg["on_time_acceptance_rate"], cg["overdue"]) == (5, 0.8, 2)
    assert cg["closure_rate"] == 0.6 and cg["rework_rate"] == round(1 / 3, 4)
    # c4 was returned by cg and is led by zj now: the return is charged to cg, which had
    # six cases dispatched to it (c1 c2 c3 c7 c8 and c4).
    assert cg["return_rate"] == round(1 / 6, 4)
    assert by_unit[w.departments["zj"].pk]["return_rate"] == 0.0
    assert by_unit[None]["received"] == 3  # c5 c6 c10: never dispatched


def test_channel_community_and_day_groupings(month):
    w, _cases = month
    by_channel = figures("channel")
    assert by_channel[Channel.HOTLINE]["avg_handling_hours"] == 63.0
    assert by_channel[Channel.GRID]["return_visit_rate"] == 0.0  # c5: closed, nobody rated
    assert by_channel[Channel.PORTAL]["received"] == 7
    assert figures("community")[w.communities["A2"].pk]["rework_rate"] == 1.0
    by_day = figures("day")
    assert sorted(d.day for d in by_day) == [7, 8, 9]
    assert [r["received"] for _k, r in sorted(by_day.items())] == [4, 4, 1]
    assert list(figures("month"))[0].month == 9
    [(monday, week)] = figures("week").items()  # 7–9 September: one ISO week
    assert (monday.day, week["received"], week["overdue"]) == (7, 9, 3)
    by_category = figures("category")
    light = by_category[w.categories["light"].pk]
    assert (light["received"], light["avg_handling_hours"], light["satisfaction_rate"]) == (
        1, 14.0, 1.0)
    assert by_category[None]["received"] == 8


def test_a_unit_that_returned_all_its_cases_still_has_its_return_rate(world):
    from tests.cases.loop import act, local, report

    case = report(world, at=local(2026, 9, 7, 9))
    act(world, case, "register", "street_a", at=local(2026, 9, 7, 9))
    act(world, case, "dispatch", "street_a", at=local(2026, 9, 7, 9),
        lead_department=world.departments["cg"])
    act(world, case, "return", "handler", at=local(2026, 9, 7, 10), note="非本单位职责")
    by_unit = figures("unit")
    assert by_unit[world.departments["cg"].pk]["return_rate"] == 1.0
    assert by_unit[None]["return_rate"] == 0.0  # nobody leads it now
