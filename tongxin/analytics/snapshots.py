"""Materialised analyses (预警、热点、热词) per district, street and department.

Early warnings, hot issues and trending words read weeks of cases (and segment thousands of
titles with jieba): seconds on a city-sized table, too slow for a page that refreshes every
minute. The worker job `analytics_snapshots` computes them every few minutes for every
district, splits the district's result by street, and stores one row per kind and owner.
Each department gets its own (the cases it leads or co-handles). The pages read the rows of
the user's regions, or department, and merge them; other scopes (communities, grids, several
departments) get the live computation.

A snapshot older than TONGXIN_ANALYTICS_SNAPSHOT_MAX_AGE is ignored, so a stopped worker
means live (slower) figures, never stale ones.
"""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from tongxin.accounts.models import User
from tongxin.org.models import Department
from tongxin.regions.models import Level, Region

from . import hot, warnings
from .models import Snapshot
from .scope import Audience, owners_of

KINDS = ("warnings", "hot", "trending")
# The longest look-back of the analyses: rising warnings compare the last week with the
# eight before it.
LOOKBACK_DAYS = 7 + 7 * 8 + 1


def read(kind: str, user: User, *, now: datetime | None = None) -> list | None:
    """The stored results of the user's districts and streets, or department, concatenated;
    None when the scope has no snapshots or one of them is missing or too old."""
    owners = owners_of(user)
    if owners is None:
        return None
    if owners.department is not None:
        field, ids = "department_id__in", [owners.department]
    else:
        field, ids = "region_id__in", owners.outer_regions()
    fresh = (now or timezone.now()) - timedelta(seconds=settings.TONGXIN_ANALYTICS_SNAPSHOT_MAX_AGE)
    rows = list(Snapshot.objects.filter(kind=kind, computed_at__gte=fresh, **{field: ids})
                .values_list("payload", flat=True))
    if not ids or len(rows) != len(ids):
        return None
    return [item for payload in rows for item in payload]


def refresh(*, now: datetime | None = None) -> dict[str, float]:
    """Recompute every snapshot as of `now`; returns the seconds each kind took."""
    now = now or timezone.now()
    took = dict.fromkeys(KINDS, 0.0)
    for district in Region.objects.filter(level=Level.DISTRICT):
        streets = list(Region.objects.filter(parent=district, level=Level.STREET)
                       .values_list("pk", flat=True))
        audience = Audience.region(district)
        started = time.perf_counter()
        found = warnings.compute(audience, now=now)
        _split("warnings", district.pk, streets, found, warnings.ranked, started, took, now)
        started = time.perf_counter()
        groups = hot.hot_groups(audience, now=now)
        _split("hot", district.pk, streets, groups, partial(hot.hot_of, now=now), started,
               took, now, key="street_id")
        started = time.perf_counter()
        _store("trending", {"region_id": district.pk}, [hot.word_counts(audience, now=now)],
               started, took, now)
        for street in streets:
            started = time.perf_counter()
            place = Audience.region(Region(pk=street, level=Level.STREET))
            _store("trending", {"region_id": street}, [hot.word_counts(place, now=now)],
                   started, took, now)
    since = now - timedelta(days=LOOKBACK_DAYS)
    for department in Department.objects.values_list("pk", flat=True):
        audience = Audience.department(department, since)
        owner = {"department_id": department}
        for kind, compute in (
                ("warnings", lambda a: warnings.ranked(warnings.compute(a, now=now))),
                ("hot", partial(hot.hot_cases, now=now)),
                ("trending", lambda a: [hot.word_counts(a, now=now)])):
            started = time.perf_counter()
            _store(kind, owner, compute(audience), started, took, now)
    return {kind: round(seconds, 2) for kind, seconds in took.items()}


def _split(kind: str, district: int, streets: list[int], found: list[dict], cut,
           started: float, took: dict, now: datetime, key: str = "street") -> None:
    """Store the district's result and each street's share of it, each cut as the page
    would cut it (so merging the rows of several streets and cutting again is exact)."""
    _store(kind, {"region_id": district}, cut(found), started, took, now)
    for street in streets:
        started = time.perf_counter()
        _store(kind, {"region_id": street}, cut([f for f in found if f[key] == street]),
               started, took, now)


def _store(kind: str, owner: dict, payload: list, started: float, took: dict,
           now: datetime) -> None:
    # Through JSON once, so datetimes are stored the way the endpoints send them.
    clean = json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
    seconds = time.perf_counter() - started
    with transaction.atomic():
        Snapshot.objects.update_or_create(kind=kind, **owner, defaults={
            "payload": clean, "computed_at": now, "seconds": round(seconds, 3)})
    took[kind] += seconds
