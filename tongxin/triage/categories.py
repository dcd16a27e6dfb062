"""Category suggestions from a report's text: the duty keyword library and category names.

One function for the portal (suggestions while a citizen types) and for triage (a category
for a hotline call or API report that arrived without one). Fast and dictionary-free (a few
hundred keywords, two queries); the learned classifier can be put in front of it when a
category model is deployed.
"""

from __future__ import annotations

from dataclasses import dataclass

from tongxin.org.models import Category, DutyKeyword

LIMIT = 3
# Characters of matched duty keywords counted at most (a long report names many).
KEYWORD_CAP = 4


@dataclass(frozen=True)
class CategorySuggestion:
    category: Category
    score: float
    # How far it stands out (0..1): its score against its strongest rival's; 1.0 when no
    # other category has any evidence, 0.5 when two are tied.
    confidence: float


def score_categories(text: str, *, limit: int = LIMIT) -> list[CategorySuggestion]:
    """The best `limit` active categories for `text`, best first, with their confidence."""
    text = (text or "").strip()
    if len(text) < 2:
        return []
    categories = {c.pk: c for c in Category.objects.filter(is_active=True)}
    scores: dict[int, float] = {}
    for category in categories.values():
        named = _name_score(category, text)
        if named:
            scores[category.pk] = named
    # A unit's duty keywords say which unit's field the report is in, not which of its
    # categories: they add a small, equal weight to each of them (the name decides).
    hit_departments: dict[int, int] = {}
    for word, department_id in DutyKeyword.objects.values_list("keyword", "department_id"):
        if word and word in text:
            hit_departments[department_id] = hit_departments.get(department_id, 0) + len(word)
    for category in categories.values():
        lead = _lead_id(category, categories)
        if lead in hit_departments:
            scores[category.pk] = (scores.get(category.pk, 0.0)
                                   + min(hit_departments[lead], KEYWORD_CAP) * 0.5
                                   + 0.1 * category.level)
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], categories[kv[0]].code))
    best = ranked[0][1] if ranked else 0.0
    return [CategorySuggestion(categories[pk], round(score, 4), _confidence(score, best, ranked))
            for pk, score in ranked[:limit]]


def _confidence(score: float, best: float, ranked: list[tuple[int, float]]) -> float:
    # How far a category stands out: its score against the best other one's. Two categories
    # tied at the top get 0.5 each; a lone name match far ahead approaches 1.
    rival = best if score < best else (ranked[1][1] if len(ranked) > 1 else 0.0)
    return round(score / (score + rival), 4)


def suggest_categories(text: str, *, limit: int = LIMIT) -> list[Category]:
    return [s.category for s in score_categories(text, limit=limit)]


def _name_score(category: Category, text: str) -> float:
    # The whole name is the strongest evidence, a deeper (more specific) one more so.
    if category.name in text:
        return 4.0 + category.level
    parts = _parts(category.name)
    found = sum(part in text for part in parts)
    return 1.5 * category.level * found / len(parts) if found else 0.0


def _lead_id(category: Category, categories: dict[int, Category]) -> int | None:
    # Category.effective_lead_department without a query per level.
    node: Category | None = category
    while node is not None:
        if node.lead_department_id:
            return node.lead_department_id
        node = categories.get(node.parent_id) if node.parent_id else None
    return None


def _parts(name: str) -> list[str]:
    # "路灯照明" → "路灯", "照明": a category name is usually two two-character words.
    return [name[i:i + 2] for i in range(0, len(name) - 1, 2)] if len(name) >= 4 else []
