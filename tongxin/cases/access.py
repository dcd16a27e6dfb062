"""The one jurisdiction filter, and the permission check that uses the same scopes.

A region membership reaches the cases located in that region's subtree; a department
membership reaches the cases the department leads or co-handles (acting: leads only); a
citizen reaches the cases they reported. Every page, API and export reads cases through
`jurisdiction_filter`; every write checks `sees` and `can_act` on the row it has locked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from tongxin.accounts.access import memberships_of
from tongxin.accounts.models import Membership, User
from tongxin.accounts.permissions import VIEW, role_has
from tongxin.regions.models import Level

from .workflow import Scope

if TYPE_CHECKING:
    from .models import Case

LEVEL_FIELD = {
    Level.DISTRICT: "district_id",
    Level.STREET: "street_id",
    Level.COMMUNITY: "community_id",
    Level.GRID: "grid_id",
}


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


def sees(user: User, case: Case) -> bool:
    """The jurisdiction filter for one case in hand, in Python: what a writer checks on the
    row it has locked, without asking the database again. Only a department that may be a
    co-handler (and is not the lead) costs a query."""
    if not user.is_authenticated or not user.is_active:
        return False
    maybe_co = []
    for m in memberships_of(user):
        if not role_has(m.role, VIEW):
            continue
        if m.department_id:
            if case.lead_department_id == m.department_id:
                return True
            maybe_co.append(m.department_id)
        elif m.region is not None:
            if getattr(case, LEVEL_FIELD[Level(m.region.level)]) == m.region_id:
                return True
        elif case.reporter_user_id == user.pk:
            return True
    return bool(maybe_co) and case.co_departments.filter(pk__in=maybe_co).exists()


def _covers(m: Membership, case: Case, scope: Scope, user: User) -> bool:
    if scope is Scope.REPORTER and case.reporter_user_id == user.pk:
        return True
    if m.department_id:
        # A called department (吹哨报到) co-handles the case: `sees` has checked that already.
        return case.lead_department_id == m.department_id or scope is Scope.CALLED
    if m.region is None or scope is Scope.CALLED:
        return False
    inside = case.place.path.startswith(m.region.path)
    if scope is Scope.COMMAND:
        return inside and case.owner.path.startswith(m.region.path)
    return inside


def can_act(user: User, permission: str, case: Case, scope: Scope) -> bool:
    """Whether some membership of `user` grants `permission` over `case` in `scope`."""
    if not user.is_authenticated or not user.is_active:
        return False
    return any(
        role_has(m.role, permission) and _covers(m, case, scope, user)
        for m in memberships_of(user)
    )
