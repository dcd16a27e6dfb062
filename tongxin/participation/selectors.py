"""Reads of participation: balances, the ledger and the leaderboard are SQL sums."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet, Sum

from tongxin.accounts.access import roles_of
from tongxin.accounts.masking import mask_name
from tongxin.accounts.models import Role, User

from .models import PointsEntry, Wish, WishStatus

LEADERBOARD_SIZE = 20
# Who earns points and posts or claims micro-wishes: residents and grid workers (volunteers
# of their grid), not the command centre or the departments.
PARTICIPANTS = frozenset({Role.CITIZEN, Role.GRID_WORKER})


def may_take_part(user: User) -> bool:
    return bool(roles_of(user) & PARTICIPANTS)


def balance(user: User) -> int:
    return PointsEntry.objects.filter(user=user).aggregate(s=Sum("points"))["s"] or 0


def ledger(user: User) -> QuerySet[PointsEntry]:
    return PointsEntry.objects.filter(user=user).select_related("case", "wish")


def leaderboard(*, since: datetime | None = None, size: int = LEADERBOARD_SIZE) -> list[dict]:
    """The users with the most points (since `since`): masked names only (every signed-in
    user sees the board), no phone, no cases."""
    qs = PointsEntry.objects.all()
    if since is not None:
        qs = qs.filter(created_at__gte=since)
    rows = list(qs.values("user_id").annotate(total=Sum("points"))
                .order_by("-total", "user_id")[:size])
    users = User.objects.filter(pk__in=[r["user_id"] for r in rows])
    names = {u.pk: mask_name(str(u)) for u in users}
    return [{"rank": i, "name": names[r["user_id"]], "total": r["total"],
             "user_id": r["user_id"]} for i, r in enumerate(rows, 1)]


def wishes_for(user: User) -> QuerySet[Wish]:
    """Open wishes anyone may claim, and the user's own and claimed ones."""
    return Wish.objects.filter(
        Q(status=WishStatus.OPEN) | Q(posted_by=user) | Q(claimed_by=user)
    ).select_related("region", "posted_by", "claimed_by")
