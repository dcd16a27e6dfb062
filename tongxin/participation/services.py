"""Writes of participation: award points once per reason and object; post, claim, fulfil
and cancel micro-wishes (each under a row lock, so two volunteers cannot both claim)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.accounts.models import User
from tongxin.core.errors import PermissionDenied, ValidationFailed
from tongxin.regions.models import Level, Region

from .models import PointsEntry, Reason, Wish, WishStatus

DEFAULT_POINTS = {Reason.VALID_REPORT: 10, Reason.WISH_FULFILLED: 5, Reason.COUNCIL: 2}


def points_for(reason: str) -> int:
    configured = getattr(settings, "TONGXIN_POINTS", {}) or {}
    return int(configured.get(reason, DEFAULT_POINTS[Reason(reason)]))


def award(*, user_id: int, reason: str, key: str, at: datetime, case_id: int | None = None,
          wish: Wish | None = None, note: str = "") -> PointsEntry | None:
    """One ledger line, once per `key`; None if it was already awarded."""
    try:
        with transaction.atomic():
            return PointsEntry.objects.create(
                user_id=user_id, points=points_for(reason), reason=reason, key=key,
                case_id=case_id, wish=wish, note=note[:200], created_at=at,
            )
    except IntegrityError:
        return None


def post_wish(*, actor: User, title: str, region: Region, description: str = "",
              at: datetime | None = None) -> Wish:
    if not title.strip():
        raise ValidationFailed(_("Say what you wish for."))
    if region.level not in (Level.COMMUNITY, Level.GRID):
        raise ValidationFailed(_("Choose your community or grid."))
    return Wish.objects.create(title=title.strip()[:100], description=description,
                               region=region, posted_by=actor, created_at=at or timezone.now())


def _locked(wish_id: int) -> Wish:
    return Wish.objects.select_for_update().get(pk=wish_id)


def claim_wish(*, actor: User, wish_id: int, at: datetime | None = None) -> Wish:
    with transaction.atomic():
        wish = _locked(wish_id)
        if wish.posted_by_id == actor.pk:
            raise ValidationFailed(_("You cannot claim your own wish."))
        if wish.status != WishStatus.OPEN:
            raise ValidationFailed(_("This wish has already been claimed."))
        wish.status, wish.claimed_by = WishStatus.CLAIMED, actor
        wish.claimed_at = at or timezone.now()
        wish.save(update_fields=["status", "claimed_by", "claimed_at"])
    return wish


def fulfil_wish(*, actor: User, wish_id: int, at: datetime | None = None) -> Wish:
    """The resident confirms the wish came true; the volunteer earns the points."""
    now = at or timezone.now()
    with transaction.atomic():
        wish = _locked(wish_id)
        if wish.posted_by_id != actor.pk:
            raise PermissionDenied(_("Only the resident who posted the wish can confirm it."))
        if wish.status != WishStatus.CLAIMED or wish.claimed_by_id is None:
            raise ValidationFailed(_("Only a claimed wish can be confirmed."))
        wish.status, wish.fulfilled_at = WishStatus.FULFILLED, now
        wish.save(update_fields=["status", "fulfilled_at"])
        award(user_id=wish.claimed_by_id, reason=Reason.WISH_FULFILLED, key=f"wish:{wish.pk}",
              at=now, wish=wish, note=wish.title)
    return wish


def cancel_wish(*, actor: User, wish_id: int) -> Wish:
    with transaction.atomic():
        wish = _locked(wish_id)
        if wish.posted_by_id != actor.pk:
            raise PermissionDenied(_("Only the resident who posted the wish can cancel it."))
        if wish.status == WishStatus.FULFILLED:
            raise ValidationFailed(_("A fulfilled wish cannot be cancelled."))
        wish.status = WishStatus.CANCELLED
        wish.save(update_fields=["status"])
    return wish
