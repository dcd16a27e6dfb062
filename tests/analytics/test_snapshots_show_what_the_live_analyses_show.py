"""The worker's snapshots (预警、热点、热词 per district and street) give each user what the
live computation gives them; a stale snapshot, or a scope that is not whole districts,
streets or one department, falls back to the live figures."""

from datetime import timedelta

from django.utils import timezone

from tests.analytics.helpers import POINT_B1
from tests.cases.loop import report
from tongxin.analytics import snapshots
from tongxin.analytics.hot import case_hot_issues, trending_topics
from tongxin.analytics.models import Snapshot
from tongxin.analytics.stats import rebuild
from tongxin.analytics.warnings import early_warnings

USERS = ("dispatcher", "street_a", "street_b", "handler")


def _cases(world) -> None:
    light = world.categories["light"]
    now = timezone.now()
    for weeks in (2, 4, 6, 8):
        report(world, category=light, at=now - timedelta(weeks=weeks), point=(34.05, 117.11))
    for hours in range(6):
        report(world, category=light, at=now - timedelta(hours=hours * 10),
               point=(34.0501, 117.1001), title="路灯不亮 夜间漆黑")
    for days in range(3):
        report(world, point=POINT_B1, title="井盖缺失 车辆危险", at=now - timedelta(days=days))
    rebuild()


def _hot(items: list[dict]) -> list[tuple]:
    return [(h["heat"], h["count"], h["place"], h["problem"], h["url"],
             h["first"].replace(microsecond=0)) for h in items]


def _views(world) -> dict:
    return {name: (early_warnings(world.user(name)), _hot(case_hot_issues(world.user(name))),
                   trending_topics(world.user(name))) for name in USERS}


def test_snapshots_show_what_the_live_analyses_show(world):
    _cases(world)
    live = _views(world)
    assert live["dispatcher"][0] and live["dispatcher"][1] and live["street_a"][1]
    assert not live["street_b"][0]  # street B is not warned about street A

    snapshots.refresh()
    assert Snapshot.objects.filter(kind="warnings").count() > 2
    for name in USERS:  # districts, streets and departments all have their snapshots
        assert snapshots.read("warnings", world.user(name)) is not None, name
    assert _views(world) == live

    # A snapshot the worker stopped refreshing is not shown: live figures instead.
    Snapshot.objects.update(computed_at=timezone.now() - timedelta(days=1))
    assert snapshots.read("hot", world.user("dispatcher")) is None
    assert snapshots.read("hot", world.user("grid_a1")) is None  # a grid: always live
    report(world, category=world.categories["light"], point=(34.0501, 117.1001))
    assert early_warnings(world.user("dispatcher"))[0]["count"] == 7
