"""Stored figures of the assessment: per-case handling time, peer ratings (reverse
evaluation), and the generated periodic reports."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class HandlingTime(models.Model):
    """Working hours from dispatch to the unit's final reply, written when the case closes.

    Exact working hours need the official calendar (holidays, make-up days, office hours),
    which SQL does not know; so the close path stores the figure once and 平均办理时长 is a
    plain SQL average over this column.
    """

    case = models.OneToOneField(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, primary_key=True,
        related_name="handling_time",
    )
    working_hours = models.FloatField(_("working hours"))
    # The case's received time, copied so the metrics join only the handling times of the
    # period's cohort (a range on this index) instead of hashing the whole table.
    case_created_at = models.DateTimeField(_("case received at"), db_index=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("handling time")
        verbose_name_plural = _("handling times")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.working_hours:.1f} h"


class PeerKind(models.TextChoices):
    """The reverse evaluation: 党群评网格、网格评社区、社区评部门."""

    RESIDENT_GRID = "resident_grid", _("Residents rate the grid")
    GRID_COMMUNITY = "grid_community", _("Grid rates the community")
    COMMUNITY_DEPARTMENT = "community_department", _("Community rates the department")


class PeerRating(models.Model):
    """One rating (1–5) of a grid, a community or a department for one month."""

    kind = models.CharField(_("kind"), max_length=24, choices=PeerKind.choices)
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("rated by"), on_delete=models.PROTECT,
        related_name="+",
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("rated region"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    department = models.ForeignKey(
        "org.Department", verbose_name=_("rated department"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    month = models.DateField(_("month"), help_text=_("First day of the month rated."))
    score = models.PositiveSmallIntegerField(_("score (1–5)"))
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("rated at"))

    class Meta:
        verbose_name = _("peer rating")
        verbose_name_plural = _("peer ratings")
        constraints = [
            # One rating per rater, target and month: a second one replaces the first.
            models.UniqueConstraint(fields=["kind", "rater", "region", "department", "month"],
                                    name="peer_rating_once_per_month"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5),
                                   name="peer_rating_score_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.month:%Y-%m} {self.score}"


class ReportKind(models.TextChoices):
    DAILY = "daily", _("Daily analysis")
    WEEKLY = "weekly", _("Weekly summary")
    MONTHLY = "monthly", _("Monthly bulletin")


class Report(models.Model):
    """A generated 日分析 / 周总结 / 月通报 for one region and period, as Excel and PDF."""

    kind = models.CharField(_("kind"), max_length=10, choices=ReportKind.choices)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until (exclusive)"))
    xlsx = models.FileField(_("Excel file"), upload_to="reports/%Y/%m/")
    pdf = models.FileField(_("PDF file"), upload_to="reports/%Y/%m/")
    summary = models.JSONField(_("figures"), default=dict)
    created_at = models.DateTimeField(_("generated at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-period_start", "kind", "region__path"]
        constraints = [
            # The schedule and a button pressed twice produce one report per period.
            models.UniqueConstraint(fields=["kind", "region", "period_start"],
                                    name="report_once_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.region} {self.period_start}"
