"""Departments (承办单位) with duty keywords (职能关键字), and the category tree (事项分类)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from tongxin.sla.models import TimeLimitPolicy


class DepartmentKind(models.TextChoices):
    """What sort of unit handles a case: the region tree knows only government and streets;
    responsibility areas (tongxin.areas) give cases to the others."""

    GOVERNMENT = "government", _("Government department")
    STREET_OFFICE = "street_office", _("Street office")
    PROPERTY = "property", _("Property company")
    POLICE = "police", _("Police unit")
    ROAD_SQUAD = "road_squad", _("Road chief squad")
    ENTERPRISE = "enterprise", _("Enterprise")
    # A people's mediation committee or the mediation centre (tongxin.mediation): it signs
    # for disputes like a unit, and may hand them back or pass them on.
    MEDIATION = "mediation", _("Mediation organisation")
    OTHER = "other", _("Other")


class Department(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT,
        related_name="departments", help_text=_("The district or street the unit belongs to."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=DepartmentKind.choices,
                            default=DepartmentKind.GOVERNMENT)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.short_name or self.name


class DutyKeyword(models.Model):
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.CASCADE,
        related_name="keywords",
    )
    keyword = models.CharField(_("keyword"), max_length=50)
    weight = models.FloatField(_("weight"), default=1.0)

    class Meta:
        verbose_name = _("duty keyword")
        verbose_name_plural = _("duty keywords")
        constraints = [
            models.UniqueConstraint(fields=["department", "keyword"], name="uniq_dept_keyword")
        ]

    def __str__(self) -> str:
        return self.keyword


class Category(models.Model):
    """Three levels: 一级 → 二级 → 三级. A case may point at any level."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.PositiveSmallIntegerField(_("level"), choices=[(1, "1"), (2, "2"), (3, "3")])
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    lead_department = models.ForeignKey(
        Department, verbose_name=_("default lead department"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="categories",
    )
    policy = models.ForeignKey(
        "sla.TimeLimitPolicy", verbose_name=_("time-limit policy"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="categories",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def effective_lead_department(self) -> Department | None:
        """The nearest lead department up the tree: a 三级 item inherits its parent's."""
        node: Category | None = self
        while node is not None:
            if node.lead_department_id:
                return node.lead_department
            node = node.parent
        return None

    def effective_policy(self) -> TimeLimitPolicy | None:
        node: Category | None = self
        while node is not None:
            if node.policy_id:
                return node.policy
            node = node.parent
        return None
