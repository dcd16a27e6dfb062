"""The user's memberships and roles, read once per request."""

from __future__ import annotations

from .models import Membership, Role, User
from .permissions import role_has


def memberships_of(user: User) -> list[Membership]:
    """The user's memberships, loaded once per request (cached on the user object)."""
    cached = getattr(user, "_tx_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user_id=user.pk).select_related("region", "department")
        )
        user._tx_memberships = cached  # type: ignore[attr-defined]
    return cached


def has_permission(user: User, permission: str) -> bool:
    """Whether any membership grants `permission` somewhere (for showing menus and forms)."""
    return user.is_authenticated and any(
        role_has(m.role, permission) for m in memberships_of(user)
    )


def roles_of(user: User) -> set[str]:
    return {m.role for m in memberships_of(user)}


def is_citizen_only(user: User) -> bool:
    return roles_of(user) <= {Role.CITIZEN}
