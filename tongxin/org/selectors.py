"""Reads of the organisation's reference data shared by other apps."""

from __future__ import annotations

from collections import defaultdict

from .models import Category


def category_subtrees() -> dict[int, set[int]]:
    """Category id → itself and every category below it (a rule naming a category covers its
    sub-categories: responsibility areas, plan triggers)."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent in Category.objects.values_list("pk", "parent_id"):
        children[parent].append(pk)
    out: dict[int, set[int]] = {}

    def walk(pk: int) -> set[int]:
        if pk not in out:
            out[pk] = {pk}.union(*(walk(c) for c in children.get(pk, [])))
        return out[pk]

    for pk in list(children.get(None, [])):
        walk(pk)
    return out
