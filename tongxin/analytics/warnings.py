"""Early warnings (预警): problems growing before they become crises.

- rising: a category in a street well above its own baseline (last 7 days against the 8
  weeks before, Poisson-style: at least twice the weekly mean and 3 standard deviations);
- repeated spot: the same kind of complaint from the same spot (≈100 m) again and again;
- brewing dispute: several dispute-type cases (邻里纠纷, 欠薪, 劳动关系 …) in one community
  within two weeks, or one that came back unsatisfied.
Each warning carries a link to the matching cases in the workbench.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import Round
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.accounts.models import User
from tongxin.org.models import Category
from tongxin.regions.models import Region

from .scope import Audience, Filters, Source
from .stats import day_start

RECENT_DAYS, BASELINE_WEEKS = 7, 8
MIN_RISING = 5
SPOT_DAYS, SPOT_MIN = 30, 3
DISPUTE_DAYS, DISPUTE_MIN = 14, 2
# Spots and disputes listed per kind; warnings listed in all.
TOP, LIMIT = 20, 50
DISPUTE_KEYWORDS = getattr(settings, "TONGXIN_DISPUTE_KEYWORDS",
                           ("纠纷", "欠薪", "讨薪", "劳动关系"))


@dataclass
class EarlyWarning:
    kind: str  # rising | spot | dispute
    level: str  # red | yellow
    facts: dict  # what the title says (place, category, counts), in the reader's language
    count: int
    baseline: float | None
    url: str
    score: float
    street: int | None = None  # where it is, for the per-street snapshots


def title(warning: dict) -> str:
    facts = warning["facts"]
    if warning["kind"] == "rising":
        return _("%(place)s · %(category)s: %(count)d in 7 days (usual %(mean).1f a week)") % facts
    if warning["kind"] == "spot":
        return _("Repeated complaints from one spot: %(category)s near %(place)s, %(count)d in "
                 "%(days)d days") % facts
    return _("Brewing dispute in %(place)s: %(count)d dispute reports in %(days)d days") % facts


def cases_url(**params) -> str:
    clean = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{reverse('workbench:cases')}?{urlencode({'queue': 'all', **clean})}"


def rising(audience: Audience, now: datetime) -> list[EarlyWarning]:
    today = timezone.localdate(now)
    recent_from = today - timedelta(days=RECENT_DAYS - 1)
    base_from = recent_from - timedelta(weeks=BASELINE_WEEKS)
    source = Source(audience)
    key = ("street_id", "cat2")
    recent = {(r["street_id"], r["cat2"]): r["received"] for r in
              source.rows(key, Filters(since=recent_from, until=today))}
    base = {(r["street_id"], r["cat2"]): r["received"] / BASELINE_WEEKS for r in
            source.rows(key, Filters(since=base_from, until=recent_from - timedelta(days=1)))}
    names = _names([k[0] for k in recent], [k[1] for k in recent])
    out = []
    for (street, cat), count in recent.items():
        mean = base.get((street, cat), 0.0)
        threshold = max(MIN_RISING, 2 * mean, mean + 3 * math.sqrt(mean))
        if street is None or cat is None or count < threshold:
            continue
        out.append(EarlyWarning(
            "rising", "red" if count >= 2 * threshold else "yellow",
            {"place": names.get(street, "—"), "category": names.get(("c", cat), "—"),
             "count": count, "mean": mean},
            count, round(mean, 1),
            cases_url(region=street, category=cat, date_from=recent_from.isoformat()),
            count / max(mean, 1.0), street))
    return out


def _names(regions: list, categories: list) -> dict:
    names: dict = dict(Region.objects.filter(pk__in=[r for r in regions if r])
                       .values_list("pk", "name"))
    for pk, name in Category.objects.filter(pk__in=[c for c in categories if c]).values_list(
            "pk", "name"):
        names[("c", pk)] = name
    return names


def repeated_spots(audience: Audience, now: datetime) -> list[EarlyWarning]:
    since = day_start(timezone.localdate(now) - timedelta(days=SPOT_DAYS - 1))
    # Grouped on ids only (no joins); the names of the few spots found are read afterwards.
    grouped = (audience.cases.filter(created_at__gte=since, lat__isnull=False,
                                     category__isnull=False).order_by()
               .values("category_id", "community_id", "street_id", rlat=Round("lat", 3),
                       rlng=Round("lng", 3))
               .annotate(n=Count("pk")).filter(n__gte=SPOT_MIN).order_by("-n"))
    rows = list(grouped)
    names = _names([r["community_id"] for r in rows], [r["category_id"] for r in rows])
    return [EarlyWarning(
        "spot", "red" if r["n"] >= 2 * SPOT_MIN else "yellow",
        {"category": names.get(("c", r["category_id"]), "—"),
         "place": names.get(r["community_id"], "—"), "count": r["n"], "days": SPOT_DAYS},
        r["n"], None,
        cases_url(region=r["community_id"], category=r["category_id"],
                  date_from=since.date().isoformat()),
        r["n"] / SPOT_MIN, r["street_id"]) for r in rows]


def disputes(audience: Audience, now: datetime) -> list[EarlyWarning]:
    since = day_start(timezone.localdate(now) - timedelta(days=DISPUTE_DAYS - 1))
    words = Q(pk__in=[])
    for word in DISPUTE_KEYWORDS:
        words |= Q(name__contains=word) | Q(parent__name__contains=word)
    # The few dispute categories first: the case query is then a plain id filter.
    kinds = list(Category.objects.filter(words).values_list("pk", flat=True))
    grouped = (audience.cases.filter(category_id__in=kinds, created_at__gte=since).order_by()
               .values("community_id", "community__name", "street_id")
               .annotate(n=Count("pk"), unhappy=Count("pk", filter=Q(rating="unsatisfied")
                                                      | Q(rework_count__gt=0)))
               .filter(Q(n__gte=DISPUTE_MIN) | Q(unhappy__gt=0)).order_by("-n"))
    return [EarlyWarning(
        "dispute", "red" if r["unhappy"] else "yellow",
        {"place": r["community__name"] or "—", "count": r["n"], "days": DISPUTE_DAYS},
        r["n"], None,
        cases_url(region=r["community_id"], date_from=since.date().isoformat()),
        r["n"] / DISPUTE_MIN + r["unhappy"], r["street_id"]) for r in grouped]


def ranked(found: list[dict], limit: int = LIMIT) -> list[dict]:
    """Red first, then by how far above normal; at most TOP spots and TOP disputes, so a
    city of repeated spots does not crowd out the rising categories."""
    out, per_kind = [], {"spot": 0, "dispute": 0}
    for w in sorted(found, key=lambda w: (-w["score"], w["url"])):
        if w["kind"] in per_kind:
            per_kind[w["kind"]] += 1
            if per_kind[w["kind"]] > TOP:
                continue
        out.append(w)
    out.sort(key=lambda w: w["level"] != "red")  # stable: by score within a level
    return out[:limit]


def compute(audience: Audience, *, now: datetime | None = None) -> list[dict]:
    """Every warning over the audience's cases as of `now`, unranked and uncut (the
    snapshots split them by street before ranking)."""
    now = now or timezone.now()
    found = rising(audience, now) + repeated_spots(audience, now) + disputes(audience, now)
    return [asdict(w) for w in found]


def early_warnings(user: User, *, limit: int = LIMIT,
                   now: datetime | None = None) -> list[dict]:
    from .snapshots import read

    stored = read("warnings", user, now=now)
    found = stored if stored is not None else compute(Audience.of(user), now=now)
    return [{**w, "title": title(w)} for w in ranked(found, limit)]
