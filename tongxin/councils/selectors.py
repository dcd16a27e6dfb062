"""Reads of the grid councils, through one jurisdiction rule: staff see the councils of the
grids in their region's subtree, a representative the councils they sit on. The portal reads
only published minutes."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from tongxin.accounts.access import memberships_of
from tongxin.accounts.models import User
from tongxin.accounts.permissions import VIEW, role_has

from .models import Council, Topic


def council_filter(user: User | None, prefix: str = "") -> Q:
    """The councils `user` may read, as a Q over `prefix` + council fields."""
    none = Q(pk__in=[])
    if user is None or not user.is_authenticated or not user.is_active:
        return none
    q = Q(**{f"{prefix}representatives__user": user})
    for m in memberships_of(user):
        if m.region is not None and role_has(m.role, VIEW):
            q |= Q(**{f"{prefix}grid__path__startswith": m.region.path})
    return q


def visible_councils(user: User | None) -> QuerySet[Council]:
    return Council.objects.filter(
        pk__in=Council.objects.filter(council_filter(user)).values("pk")
    ).select_related("grid").order_by("grid__path", "name")


def visible_topics(user: User | None, *, status: str | None = None) -> QuerySet[Topic]:
    councils = Council.objects.filter(council_filter(user)).values("pk")
    qs = Topic.objects.filter(council_id__in=councils).select_related("council__grid")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-pk")


def get_topic(user: User | None, pk: int) -> Topic:
    """Topic.DoesNotExist outside the reader's sight, like one that does not exist."""
    return visible_topics(user).get(pk=pk)


def published_minutes(limit: int = 20) -> QuerySet[Topic]:
    """What the portal shows the public (公示): topics whose minutes are published."""
    return (Topic.objects.filter(minutes_published_at__isnull=False)
            .select_related("council__grid").order_by("-minutes_published_at")[:limit])


def sees_councils(user: User) -> bool:
    """The nav entry: staff of a region, and every representative."""
    if not user.is_authenticated:
        return False
    if any(m.region is not None and role_has(m.role, VIEW) for m in memberships_of(user)):
        return True
    from .models import Representative

    return Representative.objects.filter(user=user).exists()
