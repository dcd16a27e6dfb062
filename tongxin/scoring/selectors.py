"""Reads of assessment, always within the reader's jurisdiction: metrics over the cases the
user may see, and the reports of regions inside the user's regions."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from tongxin.accounts.access import memberships_of, roles_of
from tongxin.accounts.models import Role, User
from tongxin.cases.access import jurisdiction_filter
from tongxin.cases.models import Case
from tongxin.regions.models import Region

from .models import Report

READERS = frozenset({Role.LEADER, Role.SUPERVISOR, Role.DISPATCHER, Role.ADMIN})


def may_read(user: User) -> bool:
    return bool(roles_of(user) & READERS)


def cases_for(user: User) -> QuerySet[Case]:
    return jurisdiction_filter(Case.objects.all(), user)


def user_regions(user: User) -> list[Region]:
    return [m.region for m in memberships_of(user)
            if m.region is not None and m.role in READERS]


def reports_for(user: User) -> QuerySet[Report]:
    """Reports of the user's regions and the regions below them: a street sees its street's
    reports, the district sees all."""
    q = Q(pk__in=[])
    for region in user_regions(user):
        q |= Q(region__path__startswith=region.path)
    return Report.objects.filter(q).select_related("region")
