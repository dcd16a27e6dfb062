"""Reads for the hotline console: the caller's history, similar open cases, knowledge base.

Every case read goes through cases.selectors.visible_cases (the jurisdiction filter).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, F, Max, Q, QuerySet
from django.utils import timezone

from tongxin.accounts.models import User
from tongxin.cases.models import OPEN_STATUSES, SUSPENDED_STATUSES, Case
from tongxin.cases.selectors import visible_cases, with_reporter_phone
from tongxin.org.models import Category
from tongxin.regions.models import Region
from tongxin.triage.duplicates import find_similar_to_draft

from .kb_access import keeper_of, matching
from .models import KnowledgeArticle
from .search import tokens

HISTORY_LIMIT = 20
SIMILAR_LIMIT = 5
KB_LIMIT = 8


def caller_history(*, user: User, phone: str) -> QuerySet[Case]:
    """The caller's earlier cases, newest first. The phone column is SM4-encrypted, so the
    lookup goes through its keyed SM3 hash (with_reporter_phone)."""
    phone = (phone or "").strip()
    if not phone:
        return visible_cases(user).none()
    return with_reporter_phone(visible_cases(user), phone).order_by("-created_at", "-id")


def similar_open_cases(*, user: User, phone: str = "", text: str = "",
                       region: Region | None = None, category: Category | None = None
                       ) -> list[Case]:
    """Open cases a new call may repeat: the same caller's open cases first, then the open
    cases duplicate detection (tongxin.triage.duplicates) finds for the draft typed so far,
    in the street of `region` if the operator has chosen one."""
    ranked: list[int] = []
    if phone.strip():
        ranked = list(caller_history(user=user, phone=phone).filter(
            status__in=[*OPEN_STATUSES, *SUSPENDED_STATUSES]).values_list(
            "pk", flat=True)[:SIMILAR_LIMIT])
    if len(text.strip()) >= 2:
        found = find_similar_to_draft(user=user, text=text, category=category, area=region,
                                      words=tokens(text)[:40], limit=SIMILAR_LIMIT)
        ranked += [c.case_id for c in found if c.case_id not in ranked]
    best = ranked[:SIMILAR_LIMIT]
    cases = {c.pk: c for c in visible_cases(user).filter(pk__in=best)}
    return [cases[pk] for pk in best if pk in cases]


def search_knowledge(query: str, *, limit: int = KB_LIMIT) -> list[KnowledgeArticle]:
    """Active articles ranked by how many of the query's tokens they contain (a token in the
    question counts half again), through the in-process index below."""
    words = tokens(query)[:40]
    if not words:
        return []
    index = _kb_index()
    scores: dict[int, float] = {}
    for word in words:
        for pk in index.postings.get(word, ()):
            scores[pk] = scores.get(pk, 0.0) + (1.5 if pk in index.in_question[word] else 1.0)
    best = sorted(scores, key=lambda pk: (-scores[pk], -pk))[:limit]
    found = KnowledgeArticle.objects.select_related("department").in_bulk(best)
    return [found[pk] for pk in best if pk in found]


@dataclass
class _Index:
    version: tuple
    postings: dict[str, set[int]] = field(default_factory=dict)
    in_question: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))


_INDEX: _Index | None = None


def _kb_index() -> _Index:
    """Token → article ids, rebuilt when an article is added, changed or removed (the version
    is the count and the newest change: one small query per search)."""
    global _INDEX
    active = KnowledgeArticle.objects.filter(is_active=True)
    stats = active.aggregate(n=Count("id"), newest=Max("updated_at"), top=Max("id"))
    version = (stats["n"], stats["newest"], stats["top"])
    if _INDEX is None or _INDEX.version != version:
        index = _Index(version)
        for pk, stored, question in active.values_list("pk", "tokens", "question"):
            for word in stored.split():
                index.postings.setdefault(word, set()).add(pk)
            for word in tokens(question):
                index.in_question[word].add(pk)
        _INDEX = index
    return _INDEX


# ---------------------------------------------------------------- knowledge-base upkeep


def stale_before() -> date:
    """Articles last reviewed before this day need a review."""
    return timezone.localdate() - timedelta(days=settings.TONGXIN_KB_STALE_DAYS)


def is_stale(article: KnowledgeArticle) -> bool:
    reviewed = article.reviewed_on or timezone.localdate(article.updated_at)
    return reviewed < stale_before()


def kept_articles(user: User, *, query: str = "", status: str = "active",
                  stale_only: bool = False) -> QuerySet[KnowledgeArticle]:
    """The articles `user` keeps, filtered for the upkeep list; the oldest review first, so
    what needs attention is on top."""
    rows = matching(keeper_of(user).articles(), query)
    if status in ("active", "retired"):
        rows = rows.filter(is_active=status == "active")
    if stale_only:
        limit = stale_before()
        rows = rows.filter(Q(reviewed_on__lt=limit) | Q(
            reviewed_on__isnull=True, updated_at__date__lt=limit))
    return rows.order_by(F("reviewed_on").asc(nulls_first=True), "updated_at", "id")
