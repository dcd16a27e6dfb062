"""find_duplicates: among the open cases of the case's own area, the report of the same
problem (similar words, a few metres away, a day earlier) ranks first with readable reasons;
closed, far, old and other-street cases are never offered."""

from __future__ import annotations

from datetime import timedelta

from django.utils import translation

from tests.cases.loop import act, local, report
from tongxin.triage.duplicates import Candidate, find_duplicates

T0 = local(2026, 9, 21, 10)
LAMP = "幸福路128号门口路灯不亮，晚上一片漆黑"


def test_the_same_problem_nearby_ranks_first_with_reasons(world):
    original = report(world, title="幸福路128号路灯不亮", description="晚上一片漆黑，行人摔倒",
                      point=(34.0500, 117.1000), at=T0 - timedelta(days=1))
    report(world, title="幸福路128号垃圾桶满了", description="垃圾满地", point=(34.0501, 117.1001),
           at=T0 - timedelta(hours=5))
    report(world, title="中兴社区停水", description="三天没水", point=(34.06, 117.11),
           at=T0 - timedelta(hours=2))
    new = report(world, title="路灯不亮", description=LAMP, point=(34.0502, 117.1003), at=T0)

    with translation.override("zh-hans"):
        found = find_duplicates(new)

    assert found and found[0].case_id == original.pk
    best = found[0]
    assert isinstance(best, Candidate) and best.number == original.number
    assert 0 < best.score <= 1
    assert best.reasons[0].startswith("文字相似 0.")
    assert any(r.startswith("相距 ") and r.endswith(" 米") for r in best.reasons)
    assert "1 天前" in best.reasons
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)


def test_closed_far_old_and_other_street_cases_are_ignored(world):
    closed = report(world, title="幸福路128号路灯不亮", description=LAMP,
                    at=T0 - timedelta(hours=3))
    act(world, closed, "close_on_spot", "grid_a1", note="已修好")
    # 2 km east, still in street A: the same words but a different lamp.
    report(world, title="幸福路128号路灯不亮", description=LAMP, point=(34.05, 117.122),
           at=T0 - timedelta(hours=2))
    report(world, title="幸福路128号路灯不亮", description=LAMP, at=T0 - timedelta(days=45))
    report(world, title="幸福路128号路灯不亮", description=LAMP, point=(34.05, 117.3),
           at=T0 - timedelta(hours=1))  # street B: another command center's case
    new = report(world, title="幸福路128号路灯不亮", description=LAMP, at=T0)

    assert find_duplicates(new) == []


def test_limit_and_the_users_jurisdiction_narrow_the_list(world):
    for hours in (1, 2, 3):
        report(world, title="幸福路128号路灯不亮", description=LAMP, at=T0 - timedelta(hours=hours))
    new = report(world, title="幸福路128号路灯不亮", description=LAMP, at=T0)

    assert len(find_duplicates(new, limit=2)) == 2
    assert len(find_duplicates(new, user=world.user("street_a"))) == 3
    assert find_duplicates(new, user=world.user("street_b")) == []
