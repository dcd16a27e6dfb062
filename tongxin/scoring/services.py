"""Writes of assessment: peer ratings, the reverse evaluation
(党群评网格、网格评社区、社区评部门)."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.accounts.access import memberships_of
from tongxin.accounts.models import Role, User
from tongxin.core.errors import PermissionDenied, ValidationFailed
from tongxin.org.models import Department
from tongxin.regions.models import Level, Region

from .models import PeerKind, PeerRating


def _may_rate(actor: User, kind: str, region: Region | None) -> bool:
    ms = memberships_of(actor)
    if kind == PeerKind.RESIDENT_GRID:
        return any(m.role == Role.CITIZEN for m in ms)
    if kind == PeerKind.GRID_COMMUNITY:
        return region is not None and any(
            m.role == Role.GRID_WORKER and m.region is not None
            and m.region.parent_id == region.pk for m in ms
        )
    # Community staff rate the departments that serve them.
    return any(m.region is not None and m.region.level == Level.COMMUNITY for m in ms)


def rate_peer(*, actor: User, kind: str, month: date, score: int, region: Region | None = None,
              department: Department | None = None, comment: str = "",
              at: datetime | None = None) -> PeerRating:
    """Record (or replace) `actor`'s rating of a grid, community or department for a month."""
    if kind not in PeerKind.values:
        raise ValidationFailed(_("Unknown kind of rating."))
    if not 1 <= int(score) <= 5:
        raise ValidationFailed(_("The score must be between 1 and 5."))
    wanted = {PeerKind.RESIDENT_GRID: Level.GRID, PeerKind.GRID_COMMUNITY: Level.COMMUNITY}
    if kind == PeerKind.COMMUNITY_DEPARTMENT:
        if department is None:
            raise ValidationFailed(_("Choose the department you rate."))
        region = None
    elif region is None or region.level != wanted[PeerKind(kind)]:
        raise ValidationFailed(_("Choose the grid or community you rate."))
    if not _may_rate(actor, kind, region):
        raise PermissionDenied(_("You may not give this rating."))
    with transaction.atomic():
        rating, _created = PeerRating.objects.update_or_create(
            kind=kind, rater=actor, region=region, department=department,
            month=month.replace(day=1),
            defaults={"score": int(score), "comment": comment,
                      "created_at": at or timezone.now()},
        )
    return rating
