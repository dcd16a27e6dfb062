"""Responsibility beyond the region tree (路长制 · 街区警务 · 物业通).

A `ResponsibilityArea` is a place a unit answers for — a road segment (a line with a buffer
in metres), a police block, a compound, a river reach — with the categories it covers, the
chain of people by level (`Chief`) and the dates it holds: when a compound changes its
property company the old area ends on the change date and the new one starts on it, so a
case is routed by the area valid on the day it was reported. The region tree is untouched:
areas add responsible parties, they do not place a case.

The 110 linkage (110与12345联动) lives here too: the police desk's transfers (`PoliceTransfer`,
one per 警情编号), its category list mapped onto ours (`PoliceCategory`) and the police units
whose status and position the desk posts (`PoliceUnit`).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AreaKind(models.TextChoices):
    ROAD_SEGMENT = "road_segment", _("Road segment")
    POLICE_BLOCK = "police_block", _("Police block")
    COMPOUND = "compound", _("Compound")
    RIVER_REACH = "river_reach", _("River reach")
    OTHER = "other", _("Other area")


class ResponsibilityArea(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=AreaKind.choices)
    # GeoJSON geometry in WGS-84: a LineString (road, river) or a (Multi)Polygon.
    geometry = models.JSONField(_("geometry (GeoJSON)"))
    buffer_m = models.PositiveIntegerField(
        _("buffer (metres)"), default=0,
        help_text=_("How far from the line a case still belongs to it (required for lines)."))
    department = models.ForeignKey("org.Department", verbose_name=_("responsible unit"),
                                   on_delete=models.PROTECT, related_name="areas")
    categories = models.ManyToManyField(
        "org.Category", verbose_name=_("categories covered"), blank=True, related_name="+",
        help_text=_("A category covers its sub-categories; none means every category."))
    compound = models.ForeignKey("basedata.Compound", verbose_name=_("compound"), null=True,
                                 blank=True, on_delete=models.SET_NULL, related_name="areas")
    valid_from = models.DateField(_("valid from"), default=date(2000, 1, 1))
    valid_to = models.DateField(_("valid until"), null=True, blank=True,
                                help_text=_("The first day it no longer holds; empty: open."))
    sign_within_min = models.PositiveIntegerField(
        _("sign for within (minutes)"), null=True, blank=True,
        help_text=_("A case not signed for in this time goes back to the street's command "
                    "centre and is recorded as a failure to act (e.g. 物业未履职)."))
    synthetic = models.BooleanField(_("synthetic geometry"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("responsibility area")
        verbose_name_plural = _("responsibility areas")
        ordering = ["kind", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")),
                name="area_valid_to_after_from"),
        ]

    def __str__(self) -> str:
        return self.name

    def holds_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


class Chief(models.Model):
    """One link of an area's chain: level 1 is the highest (一级路长, 区级), 3 the lowest."""

    area = models.ForeignKey(ResponsibilityArea, verbose_name=_("area"),
                             on_delete=models.CASCADE, related_name="chiefs")
    level = models.PositiveSmallIntegerField(
        _("level"), choices=[(1, _("Level 1 (district)")), (2, _("Level 2 (street)")),
                             (3, _("Level 3 (community)"))])
    name = models.CharField(_("name"), max_length=50)
    title = models.CharField(_("post"), max_length=100, blank=True)
    # Shown on the public notice board (路长公示牌) by design: it is the chief's duty phone.
    phone = models.CharField(_("duty phone"), max_length=20, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True,
                             blank=True, on_delete=models.SET_NULL, related_name="chief_posts")

    class Meta:
        verbose_name = _("chief")
        verbose_name_plural = _("chiefs")
        ordering = ["area", "-level"]
        constraints = [models.UniqueConstraint(fields=["area", "level"],
                                               name="one_chief_per_level")]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.name}"


class PoliceCategory(models.Model):
    """A 110 category (非警务警情 type) and the Tongxin category it becomes."""

    code = models.CharField(_("110 code"), max_length=40, unique=True)
    name = models.CharField(_("110 name"), max_length=100)
    category = models.ForeignKey("org.Category", verbose_name=_("category"), null=True,
                                 blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("110 category")
        verbose_name_plural = _("110 categories")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class PoliceTransfer(models.Model):
    """A non-police call the 110 desk handed over: exactly one case per 警情编号."""

    incident_no = models.CharField(_("incident number"), max_length=40, unique=True)
    case = models.OneToOneField("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT,
                                related_name="police_transfer")
    police_category = models.CharField(_("110 category"), max_length=100)
    reported_at = models.DateTimeField(_("reported to 110 at"))
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    # 签收: the platform's first decision on the transfer (registered, answered, returned …),
    # due within settings.TONGXIN_POLICE_SIGN_MINUTES of its arrival.
    signed_at = models.DateTimeField(_("signed for at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned to 110 at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for the return"), blank=True)

    class Meta:
        verbose_name = _("110 transfer")
        verbose_name_plural = _("110 transfers")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return self.incident_no

    def sign_due(self) -> datetime:
        return self.received_at + timedelta(minutes=sign_minutes())


def sign_minutes() -> int:
    return int(getattr(settings, "TONGXIN_POLICE_SIGN_MINUTES", 10))


class UnitStatus(models.TextChoices):
    AVAILABLE = "available", _("Available")
    BUSY = "busy", _("Busy")
    OFF = "off", _("Off duty")


class PoliceUnit(models.Model):
    """A patrol unit of a police department (派出所/街区警务室) and where it is now."""

    call_sign = models.CharField(_("call sign"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    department = models.ForeignKey("org.Department", verbose_name=_("police unit"),
                                   on_delete=models.PROTECT, related_name="patrol_units")
    status = models.CharField(_("status"), max_length=10, choices=UnitStatus.choices,
                              default=UnitStatus.OFF)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lng = models.FloatField(_("longitude"), null=True, blank=True)
    updated_at = models.DateTimeField(_("position updated"), null=True, blank=True)

    class Meta:
        verbose_name = _("patrol unit")
        verbose_name_plural = _("patrol units")
        ordering = ["call_sign"]

    def __str__(self) -> str:
        return self.name


class RoutedCase(models.Model):
    """A case that went to a unit because of an area (so scores per segment, chief, company
    and compound count exactly the cases the area brought)."""

    case = models.OneToOneField("cases.Case", verbose_name=_("case"), on_delete=models.CASCADE,
                                related_name="routed_area")
    area = models.ForeignKey(ResponsibilityArea, verbose_name=_("area"),
                             on_delete=models.PROTECT, related_name="routed_cases")
    at = models.DateTimeField(_("routed at"))
    # Set when the unit did not sign for the case in the area's time (物业未履职, 路长未响应).
    failed_at = models.DateTimeField(_("failed to act at"), null=True, blank=True)

    class Meta:
        verbose_name = _("case routed by area")
        verbose_name_plural = _("cases routed by area")

    def __str__(self) -> str:
        return f"{self.case_id} → {self.area_id}"
