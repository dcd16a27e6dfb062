"""A hot issue counts its cases once each; the duplicates merged into them are votes (people
who reported the same thing), which raise the heat but not the count."""

from datetime import timedelta

from django.utils import timezone

from tests.cases.loop import act, report
from tongxin.analytics.hot import case_hot_issues


def test_hot_issue_counts_merged_duplicates_as_votes(world):
    now = timezone.now()
    light = world.categories["light"]
    cases = [report(world, category=light, at=now - timedelta(hours=h)) for h in (1, 2)]
    before = case_hot_issues(world.user("dispatcher"))
    assert [h["count"] for h in before] == [2]

    for phone in ("13800000011", "13800000012"):
        duplicate = report(world, category=light, reporter_phone=phone)
        act(world, duplicate, "merge", "street_a", master=cases[0])
    after = case_hot_issues(world.user("dispatcher"))
    # Still two cases; the two duplicates merged into the first are votes: hotter.
    assert [h["count"] for h in after] == [2]
    assert after[0]["heat"] > before[0]["heat"]
