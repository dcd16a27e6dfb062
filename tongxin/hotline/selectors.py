"""Reads for the hotline console: the caller's history, similar open cases, knowledge base.

Every case read goes through cases.selectors.visible_cases (the jurisdiction filter).
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

from tongxin.accounts.models import User
from tongxin.cases.models import OPEN_STATUSES, SUSPENDED_STATUSES, Case
from tongxin.cases.selectors import visible_cases

from .models import KnowledgeArticle
from .search import tokens

HISTORY_LIMIT = 20
SIMILAR_LIMIT = 5
KB_LIMIT = 8


def caller_history(*, user: User, phone: str) -> QuerySet[Case]:
    """The caller's earlier cases, newest first. The one place that looks a case up by the
    reporter's phone: when the column becomes encrypted (SM4 with a keyed-hash search column)
    only this filter changes."""
    phone = (phone or "").strip()
    if not phone:
        return visible_cases(user).none()
    return visible_cases(user).filter(reporter_phone=phone).order_by("-created_at", "-id")


def similar_open_cases(*, user: User, phone: str = "", text: str = "") -> list[Case]:
    """Open cases a new call may repeat: the same caller's open cases first, then open cases
    sharing the most text bigrams with what the operator has typed so far.

    Deliberately small and self-contained: the integrator can replace the body with
    tongxin.triage.duplicates.find_duplicates without touching the console.
    """
    live = visible_cases(user).filter(status__in=[*OPEN_STATUSES, *SUSPENDED_STATUSES])
    ranked: dict[int, tuple[float, Case]] = {}
    if phone.strip():
        for case in caller_history(user=user, phone=phone).filter(
                status__in=[*OPEN_STATUSES, *SUSPENDED_STATUSES])[:SIMILAR_LIMIT]:
            ranked[case.pk] = (100.0, case)
    words = tokens(text)
    if len(words) >= 2:
        match = reduce(or_, (Q(title__contains=w) | Q(description__contains=w) for w in words))
        for case in live.filter(match).order_by("-created_at")[:200]:
            seen = tokens(f"{case.title} {case.description}")
            score = len(set(words) & set(seen)) / len(words)
            if score >= 0.3 and case.pk not in ranked:
                ranked[case.pk] = (score, case)
    ordered = sorted(ranked.values(), key=lambda pair: (-pair[0], -pair[1].pk))
    return [case for _score, case in ordered[:SIMILAR_LIMIT]]


def search_knowledge(query: str, *, limit: int = KB_LIMIT) -> list[KnowledgeArticle]:
    """Active articles ranked by the share of the query's tokens they contain."""
    words = tokens(query)[:30]
    if not words:
        return []
    match = reduce(or_, (Q(tokens__contains=f" {w} ") for w in words))
    scored = []
    for article in KnowledgeArticle.objects.filter(is_active=True).filter(match)[:500]:
        have = set(article.tokens.split())
        in_question = sum(1 for w in words if w in article.question)
        scored.append((sum(1 for w in words if w in have) + 0.5 * in_question, article))
    scored.sort(key=lambda pair: (-pair[0], -pair[1].pk))
    return [article for _score, article in scored[:limit]]
