"""Which time-limit policy a case gets: urgent cases the `urgent` policy, others their
category's (inherited down the category tree), else `general`.

Policies and categories are read on every dispatch and change rarely, so the choice is made
from a copy held in process (tongxin.core.cache).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from tongxin.core.cache import ProcessCache
from tongxin.core.errors import ValidationFailed
from tongxin.org.models import Category
from tongxin.sla.models import TimeLimitPolicy

from .models import Urgency


@dataclass(frozen=True)
class Policies:
    by_name: dict[str, TimeLimitPolicy]
    by_category: dict[int, TimeLimitPolicy]  # a category's own or nearest ancestor's


def _load() -> Policies:
    policies = {p.pk: p for p in TimeLimitPolicy.objects.all()}
    rows = {pk: (parent, policy) for pk, parent, policy in
            Category.objects.values_list("pk", "parent_id", "policy_id")}
    by_category = {}
    for pk in rows:
        node: int | None = pk
        while node is not None and rows[node][1] is None:
            node = rows[node][0]
        if node is not None:
            by_category[pk] = policies[rows[node][1]]
    return Policies({p.name: p for p in policies.values()}, by_category)


_POLICIES = ProcessCache(_load, ttl=60, watch=["sla.TimeLimitPolicy", "org.Category"])


def policy_for(*, category_id: int | None, urgency: str) -> TimeLimitPolicy:
    """The policy for a case of this category and urgency; ValidationFailed if the one it
    needs has been deleted."""
    cached = _POLICIES.get()
    if urgency != Urgency.URGENT and category_id in cached.by_category:
        return cached.by_category[category_id]  # type: ignore[index]
    name = "urgent" if urgency == Urgency.URGENT else "general"
    try:
        return cached.by_name[name]
    except KeyError:
        raise ValidationFailed(
            _("Time-limit policy “%(name)s” is missing; ask an administrator.") % {"name": name}
        ) from None
