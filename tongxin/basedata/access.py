"""Who reaches which base data: the region subtree of a membership, as for cases.

A region membership whose role holds the permission reaches the objects whose grid lies in
that region's subtree. Sensitive special-population tags are narrower (GB/T 31000 lists them
as 特殊人群): only the worker of that very grid, a leader or administrator of the community (or
above) and the departments named on the tag see who is enrolled; everyone else sees counts.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from tongxin.accounts.access import memberships_of
from tongxin.accounts.models import Role, User
from tongxin.accounts.permissions import BASE_VIEW, role_has
from tongxin.regions.models import Level, Region
from tongxin.regions.tree import node

from .models import Tag

# The roles that read a sensitive tag beyond its departments, and the levels they hold it at.
SENSITIVE_READERS = {
    Role.GRID_WORKER: {Level.GRID},
    Role.LEADER: {Level.COMMUNITY, Level.STREET, Level.DISTRICT},
    Role.ADMIN: {Level.COMMUNITY, Level.STREET, Level.DISTRICT},
}


def regions_with(user: User | None, permission: str = BASE_VIEW) -> list[Region]:
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    return [m.region for m in memberships_of(user)
            if m.region is not None and role_has(m.role, permission)]


def base_filter(qs: QuerySet, user: User | None, permission: str = BASE_VIEW) -> QuerySet:
    """Narrow a queryset of a base-data model (anything with a `grid`) to the user's reach."""
    q = Q(pk__in=[])
    for region in regions_with(user, permission):
        q |= Q(grid_id=region.pk) if region.level == Level.GRID else Q(
            grid__path__startswith=region.path)
    return qs.filter(q)


def reaches(user: User, grid_id: int, permission: str = BASE_VIEW) -> bool:
    path = node(grid_id).path
    return any(path.startswith(r.path) for r in regions_with(user, permission))


def sees_enrolment(user: User, tag: Tag, grid_id: int) -> bool:
    """Whether `user` may see who in grid `grid_id` is enrolled under `tag`."""
    if not reaches(user, grid_id) and not _in_departments(user, tag):
        return False
    if not tag.sensitive:
        return True
    path = node(grid_id).path
    for m in memberships_of(user):
        levels = SENSITIVE_READERS.get(Role(m.role), set()) if m.role in Role.values else set()
        if m.region is not None and m.region.level in levels and path.startswith(m.region.path):
            return True
    return _in_departments(user, tag)


def _in_departments(user: User, tag: Tag) -> bool:
    departments = {m.department_id for m in memberships_of(user) if m.department_id}
    return bool(departments) and tag.departments.filter(pk__in=departments).exists()
