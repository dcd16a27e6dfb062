"""Likely duplicates of a case among the open cases of its own area (智能分拨: 去重).

`find_duplicates(case)` is called on intake (the triage pipeline, the API response) and on the
case page ("相似案件"); `find_similar_to_draft` scores a report not yet saved (the hotline
console while the operator types) with the same scoring against the open cases the user sees.

Candidates are open cases only (a closed one cannot take a merge),
reported within the window of it and inside the case's command area — the
subtree of the region that owns the case — so nothing from another street's jurisdiction
leaks into a street dispatcher's page. Pass `user` to narrow further to what that user sees.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tongxin.accounts.models import User
from tongxin.cases.access import LEVEL_FIELD, jurisdiction_filter
from tongxin.cases.models import CLOSED_STATUSES, Case
from tongxin.org.models import Category
from tongxin.regions.models import Level, Region

from . import textindex
from .models import TextVector
from .similarity import Match, Params, Report, rank

# At most this many of the newest open cases are compared; the window and the area already
# keep the pool small, this bounds the work on a flooded day.
POOL_LIMIT = 2000
METRES_PER_DEGREE = 111_320.0
# Scoring fits TF-IDF on the pool: a draft scored on every keystroke compares fewer cases.
DRAFT_POOL = 200


@dataclass(frozen=True)
class Candidate:
    case_id: int
    number: str
    score: float
    reasons: list[str] = field(default_factory=list, hash=False, compare=False)


def params() -> Params:
    """The detector's settings; TONGXIN_DUPLICATES (a dict) overrides any of them."""
    overrides = getattr(settings, "TONGXIN_DUPLICATES", {}) or {}
    return Params(**overrides)


def report_of(case: Case) -> Report:
    return Report(key=case.pk, text=f"{case.title}\n{case.description}", at=case.created_at,
                  lat=case.lat, lng=case.lng, category=case.category_id)


def find_duplicates(case: Case, *, limit: int = 5, user: User | None = None) -> list[Candidate]:
    """Open cases likely to be the same problem as `case` (reported within the window before
    or after it), best first, with their reasons."""
    p = params()
    return _ranked(report_of(case), candidate_cases(case, p, user), p, limit)


def find_for_new(new: Case, *, limit: int = 5, user: User | None = None) -> list[Candidate]:
    """The same for a report about to be stored (`new`: an unsaved Case with its place and
    time set): scored before the write, so no lock waits for it."""
    p = params()
    qs = _open_pool(report_of(new), p, _region_q(new.owner))
    if user is not None:
        qs = jurisdiction_filter(qs, user)
    return _ranked(report_of(new), qs[:POOL_LIMIT], p, limit)


def find_similar_to_draft(*, user: User, text: str, lat: float | None = None,
                          lng: float | None = None, category: Category | None = None,
                          area: Region | None = None, words: Sequence[str] = (),
                          limit: int = 5, now: datetime | None = None) -> list[Candidate]:
    """Open cases the user can see that a report being written may repeat, best first.

    The draft is scored like a new case reported now; `area` (any region the draft is known
    to be in) narrows the candidates to its street's command area, as for a saved case.
    `words` (e.g. the draft's character bigrams) keeps this fast enough to run while an
    operator types: only the DRAFT_POOL newest cases containing one of them are scored — a
    case sharing none of the draft's words is below the text minimum anyway."""
    p = params()
    draft = Report(key=0, text=text, at=now or timezone.now(), lat=lat, lng=lng,
                   category=category.pk if category else None)
    area_q = _region_q(_command_area(area)) if area is not None else Q()
    pool = jurisdiction_filter(_open_pool(draft, p, area_q), user)
    if words:
        pool = pool.filter(reduce(or_, (Q(title__contains=w) | Q(description__contains=w)
                                        for w in words)))[:DRAFT_POOL]
    return _ranked(draft, pool[:POOL_LIMIT], p, limit)


POOL_COLUMNS = ("pk", "number", "created_at", "lat", "lng", "category_id", "text_vector__data")


def _ranked(new: Report, candidates: QuerySet[Case], p: Params, limit: int) -> list[Candidate]:
    # Plain rows, not model instances, and no texts but of the cases not indexed yet: a pool
    # is up to POOL_LIMIT cases for every look-up.
    found = list(candidates.values_list(*POOL_COLUMNS))
    unindexed = [row[0] for row in found if not row[6]]
    texts = {pk: f"{title}\n{description}" for pk, title, description in
             Case.objects.filter(pk__in=unindexed).values_list("pk", "title", "description")
             } if unindexed else {}
    pool = [Report(key=pk, text=texts.get(pk, ""), at=at, lat=lat, lng=lng, category=category)
            for pk, _n, at, lat, lng, category, _v in found]
    numbers = {row[0]: row[1] for row in found}
    by_id = {r.key: r for r in pool}
    rows = textindex.rows_for((row[0], report.text, bytes(row[6]) if row[6] else None)
                              for row, report in zip(found, pool, strict=True))
    matches = rank(new, pool, p, rows={r.key: row for r, row in zip(pool, rows,
                                                                      strict=True)})[:limit]
    return [Candidate(m.key, numbers[m.key], m.score, reasons(m, by_id[m.key])) for m in matches]


def candidate_cases(case: Case, p: Params, user: User | None = None) -> QuerySet[Case]:
    qs = _open_pool(report_of(case), p, _region_q(case.owner_region)).exclude(pk=case.pk)
    if user is not None:
        qs = jurisdiction_filter(qs, user)
    return qs[:POOL_LIMIT]


def _open_pool(new: Report, p: Params, area_q: Q) -> QuerySet[Case]:
    """Open cases in the area reported within the window of `new` and not pinned far away,
    newest first, with only the columns the scoring reads."""
    window = timedelta(days=p.window_days)
    qs = (Case.objects.exclude(status__in=CLOSED_STATUSES)
          .filter(created_at__range=(new.at - window, new.at + window)).filter(area_q))
    if new.lat is not None and new.lng is not None:
        qs = qs.filter(_near_or_unpinned_q(new.lat, new.lng, p.far_m))
    return qs.order_by("-created_at", "-id")


def index_missing(*, limit: int = 5000) -> dict[str, int]:
    """Worker job: index the open cases that have no vector yet (reported before the index
    existed, or by a bulk load), newest first; returns how many it indexed."""
    cases = list(Case.objects.exclude(status__in=CLOSED_STATUSES)
                 .filter(text_vector__isnull=True).order_by("-created_at")
                 .only("pk", "title", "description")[:limit])
    if cases:
        rows = textindex.counts([report_of(c).text for c in cases])
        TextVector.objects.bulk_create(
            [TextVector(case_id=c.pk, data=textindex.encode(rows[i]))
             for i, c in enumerate(cases)], ignore_conflicts=True)
    return {"indexed": len(cases)}


def store_vector(case: Case) -> None:
    """Index the case's text once (triage runs this for every new report)."""
    row = textindex.counts([report_of(case).text])[0]
    TextVector.objects.update_or_create(case=case, defaults={"data": textindex.encode(row)})
    textindex.CACHE.put(case.pk, row)


def _region_q(region: Region) -> Q:
    return Q(**{LEVEL_FIELD[Level(region.level)]: region.pk})


def _command_area(region: Region) -> Region:
    # A community or grid belongs to its street's command area (where a saved case's owner
    # region would be); a street or the district is its own.
    if region.level in (Level.COMMUNITY, Level.GRID):
        street = next((r for r in region.ancestors() if r.level == Level.STREET), None)
        return street or region
    return region


def _near_or_unpinned_q(lat: float, lng: float, metres: float) -> Q:
    # A bounding box the database can test cheaply; the exact distance is computed later.
    from math import cos, radians

    dlat = metres / METRES_PER_DEGREE
    dlng = metres / (METRES_PER_DEGREE * max(cos(radians(lat)), 0.01))
    box = Q(lat__range=(lat - dlat, lat + dlat), lng__range=(lng - dlng, lng + dlng))
    return box | Q(lat__isnull=True) | Q(lng__isnull=True)


def reasons(match: Match, other: Report) -> list[str]:
    """Why the case is suggested, in the words a dispatcher uses."""
    out = [_("text similarity %(score).2f") % {"score": match.text}]
    if match.metres is not None:
        out.append(_("%(metres)d m apart") % {"metres": round(match.metres)})
    out.append(age_text(match.age))
    if match.same_category:
        out.append(_("same category"))
    return out


def age_text(age: timedelta) -> str:
    """How long before (or after, for a negative age) the case the other one was reported."""
    hours = int(abs(age).total_seconds() // 3600)
    days = hours // 24
    if hours < 1:
        return _("within the hour")
    if age < timedelta(0):
        if days:
            return ngettext("%(n)d day later", "%(n)d days later", days) % {"n": days}
        return ngettext("%(n)d hour later", "%(n)d hours later", hours) % {"n": hours}
    if days:
        return ngettext("%(n)d day earlier", "%(n)d days earlier", days) % {"n": days}
    return ngettext("%(n)d hour earlier", "%(n)d hours earlier", hours) % {"n": hours}
