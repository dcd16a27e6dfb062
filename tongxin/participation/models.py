"""Citizen participation: a points ledger (有奖爆料: points for valid reports) and
micro-wishes (微心愿) that residents post and volunteers claim."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Reason(models.TextChoices):
    VALID_REPORT = "valid_report", _("Valid report")
    WISH_FULFILLED = "wish_fulfilled", _("Micro-wish fulfilled")
    ADJUSTMENT = "adjustment", _("Adjustment")
    # Reviewed by the council's convener or staff, capped per day (tongxin.councils).
    COUNCIL = "council", _("Council participation")


class PointsEntry(models.Model):
    """One line of the ledger; a balance is the SUM of a user's lines. Never edited: a
    correction is a new line."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"),
                             on_delete=models.PROTECT, related_name="points")
    points = models.IntegerField(_("points"))
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    wish = models.ForeignKey("participation.Wish", verbose_name=_("micro-wish"), null=True,
                             blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("note"), max_length=200, blank=True)
    # What the points are for, once: a case is rewarded once however often it is registered.
    key = models.CharField(_("key"), max_length=60, unique=True)
    created_at = models.DateTimeField(_("time"), db_index=True)

    class Meta:
        verbose_name = _("points entry")
        verbose_name_plural = _("points ledger")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.points:+d} {self.reason}"


class WishStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a volunteer")
    CLAIMED = "claimed", _("Claimed")
    FULFILLED = "fulfilled", _("Fulfilled")
    CANCELLED = "cancelled", _("Cancelled")


class Wish(models.Model):
    title = models.CharField(_("wish"), max_length=100)
    description = models.TextField(_("details"), blank=True)
    region = models.ForeignKey("regions.Region", verbose_name=_("community or grid"),
                               on_delete=models.PROTECT, related_name="+")
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("posted by"),
                                  on_delete=models.PROTECT, related_name="wishes")
    status = models.CharField(_("status"), max_length=10, choices=WishStatus.choices,
                              default=WishStatus.OPEN, db_index=True)
    claimed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("volunteer"),
                                   null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="claimed_wishes")
    created_at = models.DateTimeField(_("posted at"))
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    fulfilled_at = models.DateTimeField(_("fulfilled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("micro-wish")
        verbose_name_plural = _("micro-wishes")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title
