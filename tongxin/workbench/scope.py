"""Choices a user may pick from in filters and the new-case form: regions of their own area.

This narrows drop-downs only; what a user may read or change is decided by the jurisdiction
filter and the services, never by what a form happens to offer.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from tongxin.accounts.access import memberships_of
from tongxin.accounts.models import User
from tongxin.org.models import Category, Department
from tongxin.regions.models import Level, Region


def _scope_q(user: User) -> Q:
    q = Q(pk__in=[])
    for m in memberships_of(user):
        region = m.region or (m.department.region if m.department is not None else None)
        if region is not None:
            q |= Q(path__startswith=region.path)
    return q


def regions_in_scope(user: User, levels: tuple[str, ...]) -> QuerySet[Region]:
    return Region.objects.filter(_scope_q(user), level__in=levels).order_by("path")


def filter_regions(user: User) -> QuerySet[Region]:
    return regions_in_scope(user, (Level.STREET, Level.COMMUNITY))


def place_regions(user: User) -> QuerySet[Region]:
    return regions_in_scope(user, (Level.DISTRICT, Level.STREET, Level.COMMUNITY, Level.GRID))


def active_categories() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True).order_by("code")


def active_departments() -> QuerySet[Department]:
    return Department.objects.filter(is_active=True).order_by("code")


INDENT: dict[str, int] = {Level.DISTRICT: 0, Level.STREET: 1, Level.COMMUNITY: 2, Level.GRID: 3}


def region_label(region: Region) -> str:
    # Non-breaking spaces survive inside <option>, so the tree reads as a tree.
    return "\u3000" * INDENT.get(region.level, 0) + region.name


def category_label(category: Category) -> str:
    return "\u3000" * (category.level - 1) + category.name
