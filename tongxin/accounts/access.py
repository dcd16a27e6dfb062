"""The one jurisdiction filter, and the permission check that uses the same scopes.

A region membership reaches the cases located in that region's subtree; a department
membership reaches the cases the department leads or co-handles (acting: leads only); a
citizen reaches the cases they reported. Every page, API and export reads cases through
`jurisdiction_filter`, and every service checks `can_act` under the row lock.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from tongxin.cases.workflow import Scope
from tongxin.regions.models import Level

from .models import Membership, Role, User
from .permissions import VIEW, role_has

if TYPE_CHECKING:
    from tongxin.cases.models import Case

LEVEL_FIELD = {
    Level.DISTRICT: "district_id",
    Level.STREET: "street_id",
    Level.COMMUNITY: "community_id",
    Level.GRID: "grid_id",
}


def memberships_of(user: User) -> list[Membership]:
    """The user's memberships, loaded once per request (cached on the user object)."""
    cached = getattr(user, "_tx_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user_id=user.pk).select_related("region", "department")
        )
        user._tx_memberships = cached  # type: ignore[attr-defined]
    return cached


def _membership_q(m: Membership, user: User, model: type[Case]) -> Q:
    if m.department_id:
        # Co-handled cases as a subquery, not a join: a join repeats a case once per
        # co-handler and needs DISTINCT, which GROUP BY and counts cannot carry.
        co = model.co_departments.through.objects.filter(department_id=m.department_id)
        return Q(lead_department_id=m.department_id) | Q(pk__in=co.values("case_id"))
    if m.region is not None:
        return Q(**{LEVEL_FIELD[Level(m.region.level)]: m.region_id})
    return Q(reporter_user_id=user.pk)


def jurisdiction_filter(qs: QuerySet[Case], user: User | None) -> QuerySet[Case]:
    """Narrow a Case queryset to what `user` may see. Anonymous users see nothing."""
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    q = Q(pk__in=[])
    for m in memberships_of(user):
        if role_has(m.role, VIEW):
            q |= _membership_q(m, user, qs.model)
    return qs.filter(q)


def _covers(m: Membership, case: Case, scope: Scope, user: User) -> bool:
    if scope is Scope.REPORTER and case.reporter_user_id == user.pk:
        return True
    if m.department_id:
        return case.lead_department_id == m.department_id
    if m.region is None:
        return False
    inside = case.place.path.startswith(m.region.path)
    if scope is Scope.COMMAND:
        return inside and case.owner_region.path.startswith(m.region.path)
    return inside


def can_act(user: User, permission: str, case: Case, scope: Scope) -> bool:
    """Whether some membership of `user` grants `permission` over `case` in `scope`."""
    if not user.is_authenticated or not user.is_active:
        return False
    return any(
        role_has(m.role, permission) and _covers(m, case, scope, user)
        for m in memberships_of(user)
    )


def has_permission(user: User, permission: str) -> bool:
    """Whether any membership grants `permission` somewhere (for showing menus and forms)."""
    return user.is_authenticated and any(
        role_has(m.role, permission) for m in memberships_of(user)
    )


def roles_of(user: User) -> set[str]:
    return {m.role for m in memberships_of(user)}


def is_citizen_only(user: User) -> bool:
    return roles_of(user) <= {Role.CITIZEN}
