"""Materialised analyses (预警、热点、热词) per district and street.

Early warnings, hot issues and trending words read weeks of cases (and segment thousands of
titles with jieba): seconds on a city-sized table, too slow for a page that refreshes every
minute. The worker job `analytics_snapshots` computes them every few minutes for every
district, splits the district's result by street, and stores one row per kind and region.
The pages read the rows of the user's regions and merge them; users whose jurisdiction is
not whole districts or streets (departments, communities, grids) get the live computation.

A snapshot older than TONGXIN_ANALYTICS_SNAPSHOT_MAX_AGE is ignored, so a stopped worker
means live (slower) figures, never stale ones.
"""

from __future__ import annotations

import json
import time
from datetime import timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from tongxin.accounts.access import memberships_of
from tongxin.accounts.models import User
from tongxin.accounts.permissions import VIEW, role_has
from tongxin.regions.models import Level, Region

from . import hot, warnings
from .models import Snapshot
from .scope import SUMMARY_LEVELS, Audience

KINDS = ("warnings", "hot", "trending")


def snapshot_regions(user: User) -> list[int] | None:
    """The districts and streets whose snapshots make up the user's view, without one
    inside another (a district already counts its streets); None when the jurisdiction is
    not made of whole districts and streets."""
    if not user.is_authenticated or not user.is_active:
        return None
    regions = []
    for m in memberships_of(user):
        if not role_has(m.role, VIEW):
            continue
        if m.region is None or m.region.level not in SUMMARY_LEVELS:
            return None
        regions.append(m.region)
    outer = [r for r in regions
             if not any(o.pk != r.pk and r.path.startswith(o.path) for o in regions)]
    return sorted({r.pk for r in outer}) or None


def read(kind: str, user: User) -> list | None:
    """The stored results of the user's regions, concatenated; None when the user's scope
    has no snapshots or one of them is missing or too old."""
    regions = snapshot_regions(user)
    if regions is None:
        return None
    fresh = timezone.now() - timedelta(seconds=settings.TONGXIN_ANALYTICS_SNAPSHOT_MAX_AGE)
    rows = list(Snapshot.objects.filter(kind=kind, region_id__in=regions,
                                        computed_at__gte=fresh).values_list("payload", flat=True))
    if len(rows) != len(regions):
        return None
    return [item for payload in rows for item in payload]


def refresh() -> dict[str, float]:
    """Recompute every snapshot; returns the seconds each kind took."""
    took = dict.fromkeys(KINDS, 0.0)
    for district in Region.objects.filter(level=Level.DISTRICT):
        streets = list(Region.objects.filter(parent=district, level=Level.STREET)
                       .values_list("pk", flat=True))
        audience = Audience.region(district)
        started = time.perf_counter()
        found = warnings.compute(audience)
        _split("warnings", district.pk, streets, found, warnings.ranked, started, took)
        started = time.perf_counter()
        groups = hot.hot_groups(audience)
        _split("hot", district.pk, streets, groups, hot.hot_of, started, took,
               key="street_id")
        started = time.perf_counter()
        _store("trending", district.pk, [hot.word_counts(audience)], started, took)
        for street in streets:
            started = time.perf_counter()
            _store("trending", street,
                   [hot.word_counts(Audience.region(Region(pk=street, level=Level.STREET)))],
                   started, took)
    return {kind: round(seconds, 2) for kind, seconds in took.items()}


def _split(kind: str, district: int, streets: list[int], found: list[dict], cut,
           started: float, took: dict, key: str = "street") -> None:
    """Store the district's result and each street's share of it, each cut as the page
    would cut it (so merging the rows of several streets and cutting again is exact)."""
    _store(kind, district, cut(found), started, took)
    for street in streets:
        started = time.perf_counter()
        _store(kind, street, cut([f for f in found if f[key] == street]), started, took)


def _store(kind: str, region: int, payload: list, started: float, took: dict) -> None:
    # Through JSON once, so datetimes are stored the way the endpoints send them.
    clean = json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
    seconds = time.perf_counter() - started
    with transaction.atomic():
        Snapshot.objects.update_or_create(kind=kind, region_id=region, defaults={
            "payload": clean, "computed_at": timezone.now(), "seconds": round(seconds, 3)})
    took[kind] += seconds
