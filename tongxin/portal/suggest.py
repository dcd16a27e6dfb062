"""Category suggestions while a citizen types: the duty keyword library and category names.

Fast and dictionary-free (a few hundred keywords, one query); the learned classifier can be
put in front of it when a model is deployed.
"""

from __future__ import annotations

from tongxin.org.models import Category, DutyKeyword

LIMIT = 3


def suggest_categories(text: str, *, limit: int = LIMIT) -> list[Category]:
    text = (text or "").strip()
    if len(text) < 2:
        return []
    scores: dict[int, float] = {}
    categories = {c.pk: c for c in Category.objects.filter(is_active=True)}
    for category in categories.values():
        if category.name in text:
            scores[category.pk] = scores.get(category.pk, 0) + 2 + category.level
        elif any(part in text for part in _parts(category.name)):
            scores[category.pk] = scores.get(category.pk, 0) + 0.5 * category.level
    keywords = DutyKeyword.objects.values_list("keyword", "department_id")
    hit_departments: dict[int, int] = {}
    for word, department_id in keywords:
        if word and word in text:
            hit_departments[department_id] = hit_departments.get(department_id, 0) + len(word)
    for category in categories.values():
        if category.lead_department_id in hit_departments:
            scores[category.pk] = (scores.get(category.pk, 0)
                                   + hit_departments[category.lead_department_id]
                                   + 0.1 * category.level)
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], categories[kv[0]].code))
    return [categories[pk] for pk, _score in ranked[:limit]]


def _parts(name: str) -> list[str]:
    # "路灯照明" → "路灯", "照明": a category name is usually two two-character words.
    return [name[i:i + 2] for i in range(0, len(name) - 1, 2)] if len(name) >= 4 else []
