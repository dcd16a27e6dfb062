"""Pre-aggregated case counts for the dashboard and the early warnings.

Rows per local day of intake × street × one dimension value (channel, status, level-2
category or lead unit), with the counters the DESIGN.md metrics need. The dashboard sums
these rows instead of scanning the case table, so its cost grows with days × combinations,
not with cases. Rows
are rebuilt per day (`stats.refresh_days`) whenever a case reported that day changes.
"""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


def _ref(model: str, label: Any) -> models.ForeignKey:
    # No database constraint: a summary must never block deleting or merging master data.
    return models.ForeignKey(
        model, verbose_name=label, null=True, blank=True, on_delete=models.DO_NOTHING,
        db_constraint=False, related_name="+",
    )


class Dimension(models.TextChoices):
    CHANNEL = "channel", _("channel")
    STATUS = "status", _("status")
    CATEGORY = "category", _("category (level 2)")
    UNIT = "unit", _("lead unit")
    STREET = "street", _("street (department rows)")


class CaseDailyStat(models.Model):
    """Counters of the cases reported on `day` in `street`, split by one dimension at a time.

    Department rows (`department` set, no district or street) count the cases a department
    leads or co-handles — a department's jurisdiction — with the street as one more split.

    One narrow split per dimension (not the cross product of all of them) keeps a month of a
    big city at a few tens of thousands of rows: day × street × (channels + statuses +
    categories + units). A question that crosses two dimensions (say, categories of the
    hotline channel only) goes to the live case table instead.
    """

    day = models.DateField(_("day"))
    district = _ref("regions.Region", _("district"))
    street = _ref("regions.Region", _("street"))
    department = _ref("org.Department", _("department"))
    dimension = models.CharField(_("dimension"), max_length=10, choices=Dimension.choices)
    value = models.CharField(_("value"), max_length=40, blank=True)
    received = models.PositiveIntegerField(_("received"), default=0)
    # The counters of tongxin.scoring.metrics.CASE_COUNTS the dashboard needs, same names
    # and definitions (analytics/metrics.py COUNTER_NAMES).
    registered = models.PositiveIntegerField(_("registered"), default=0)
    closed = models.PositiveIntegerField(_("closed"), default=0)
    closed_registered = models.PositiveIntegerField(_("registered and closed"), default=0)
    closed_timed = models.PositiveIntegerField(_("closed with a finish deadline"), default=0)
    closed_on_time = models.PositiveIntegerField(_("closed on time"), default=0)
    rated = models.PositiveIntegerField(_("rated"), default=0)
    satisfied = models.PositiveIntegerField(_("satisfied or basically satisfied"), default=0)
    registered_rated = models.PositiveIntegerField(_("registered, closed and rated"), default=0)
    registered_satisfied = models.PositiveIntegerField(
        _("registered, closed and satisfied"), default=0)
    reworked = models.PositiveIntegerField(_("reworked"), default=0)
    closed_or_reworked = models.PositiveIntegerField(_("closed or reworked"), default=0)

    class Meta:
        verbose_name = _("daily case statistic")
        verbose_name_plural = _("daily case statistics")
        indexes = [
            models.Index(fields=["dimension", "day", "street"], name="stat_dim_day_street"),
            models.Index(fields=["day"], name="stat_day"),
            models.Index(fields=["department", "dimension", "day"], name="stat_department",
                         condition=models.Q(department__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.street_id} {self.dimension}={self.value}: {self.received}"


class RefreshMark(models.Model):
    """How far the summary has caught up: the last case event folded in."""

    name = models.CharField(max_length=40, unique=True)
    last_event_id = models.BigIntegerField(default=0)
    refreshed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("refresh mark")
        verbose_name_plural = _("refresh marks")

    def __str__(self) -> str:
        return f"{self.name}: {self.last_event_id}"


class Snapshot(models.Model):
    """One analysis (early warnings, hot issues, trending words) of one district, street or
    department, computed by the worker (snapshots.py) so pages need not read weeks of cases."""

    kind = models.CharField(_("kind"), max_length=16)
    region = _ref("regions.Region", _("region"))
    department = _ref("org.Department", _("department"))
    payload = models.JSONField(_("result"))
    computed_at = models.DateTimeField(_("computed at"))
    seconds = models.FloatField(_("seconds to compute"), default=0.0)

    class Meta:
        verbose_name = _("analysis snapshot")
        verbose_name_plural = _("analysis snapshots")
        constraints = [
            models.UniqueConstraint(fields=["kind", "region"], name="snapshot_kind_region"),
            models.UniqueConstraint(fields=["kind", "department"],
                                    name="snapshot_kind_department"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.region_id} @ {self.computed_at:%Y-%m-%d %H:%M}"
