"""Who an order or a referral is addressed to. One query per batch, never one per order."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from tongxin.accounts.models import Membership, Role
from tongxin.regions.models import Region

from .models import UnitLeader


def members_by(field: str, role: str, ids: Iterable[int]) -> dict[int, list[int]]:
    """User ids holding `role` per department or region id (`field` = department_id or
    region_id): one query for a whole batch."""
    found: dict[int, list[int]] = defaultdict(list)
    rows = Membership.objects.filter(role=role, **{f"{field}__in": set(ids)}).values_list(
        field, "user_id"
    )
    for key, user_id in rows:
        found[key].append(user_id)
    return found


def unit_addressees(department_ids: Iterable[int]) -> dict[int, set[int]]:
    """Per unit: its handlers (承办人) and its configured leaders (分管领导)."""
    ids = set(department_ids)
    found: dict[int, set[int]] = defaultdict(set)
    for dept, users in members_by("department_id", Role.HANDLER, ids).items():
        found[dept].update(users)
    leaders = UnitLeader.objects.filter(department_id__in=ids).values_list("department_id",
                                                                          "user_id")
    for dept, user_id in leaders:
        found[dept].add(user_id)
    return found


def region_addressees(region: Region) -> list[int]:
    """The leaders of a region an order is escalated to; its command center (dispatchers) if
    no leader is set up, so an escalated order always reaches somebody."""
    for role in (Role.LEADER, Role.DISPATCHER):
        users = list(
            Membership.objects.filter(role=role, region_id=region.pk)
            .values_list("user_id", flat=True).distinct()
        )
        if users:
            return users
    return []


def supervisors_over(path: str) -> list[int]:
    """Supervisors (督办员, discipline inspection) whose region contains the node `path`."""
    region_ids = [int(p) for p in path.strip("/").split("/") if p]
    return list(
        Membership.objects.filter(role=Role.SUPERVISOR, region_id__in=region_ids)
        .values_list("user_id", flat=True).distinct()
    )
