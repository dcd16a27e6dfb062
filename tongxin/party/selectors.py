"""Reads of the party organisation: the organisations on the regions a staff member's
memberships cover (the same subtree rule as cases), with their members."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from tongxin.accounts.access import is_citizen_only, memberships_of
from tongxin.accounts.models import User
from tongxin.accounts.permissions import VIEW, role_has

from .models import DualReport, PartyOrg


def _regions_q(user: User, field: str) -> Q:
    q = Q(pk__in=[])
    for m in memberships_of(user):
        if m.region is not None and role_has(m.role, VIEW):
            q |= Q(**{f"{field}__path__startswith": m.region.path})
    return q


def visible_orgs(user: User) -> QuerySet[PartyOrg]:
    return (PartyOrg.objects.filter(_regions_q(user, "region"))
            .select_related("region", "secretary", "parent")
            .annotate(member_count=Count("members")).order_by("region__path", "level", "name"))


def visible_reports(user: User) -> QuerySet[DualReport]:
    return (DualReport.objects.filter(_regions_q(user, "community"))
            .select_related("member__employer", "community", "grid").order_by("-reported_at"))


def sees_party(user: User) -> bool:
    return user.is_authenticated and not is_citizen_only(user) and any(
        m.region is not None and role_has(m.role, VIEW) for m in memberships_of(user))
