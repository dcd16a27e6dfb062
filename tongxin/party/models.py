"""党建引领: the party organisation on the region tree, its members, and 在职党员双报到.

街道党工委 (a street) → 社区党委 (a community) → 网格党支部 (a grid) → 楼栋党小组 (a building of
the grid). Members are residents or in service with an employer unit (a Department), linked
to the base data's person where known; each organisation has a secretary. An in-service
member reports to the community where they live (双报到), the community assigns a grid, and
the member records service hours checked in at the place.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tongxin.regions.models import Level


class OrgLevel(models.TextChoices):
    STREET_COMMITTEE = "street", _("Street party working committee (街道党工委)")
    COMMUNITY_COMMITTEE = "community", _("Community party committee (社区党委)")
    GRID_BRANCH = "grid", _("Grid party branch (网格党支部)")
    BUILDING_GROUP = "building", _("Building party group (楼栋党小组)")


# The region level each organisation level is attached to, and the level of its parent.
REGION_LEVEL = {OrgLevel.STREET_COMMITTEE: Level.STREET,
                OrgLevel.COMMUNITY_COMMITTEE: Level.COMMUNITY,
                OrgLevel.GRID_BRANCH: Level.GRID, OrgLevel.BUILDING_GROUP: Level.GRID}
PARENT_LEVEL = {OrgLevel.COMMUNITY_COMMITTEE: OrgLevel.STREET_COMMITTEE,
                OrgLevel.GRID_BRANCH: OrgLevel.COMMUNITY_COMMITTEE,
                OrgLevel.BUILDING_GROUP: OrgLevel.GRID_BRANCH}


class PartyOrg(models.Model):
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=12, choices=OrgLevel.choices)
    region = models.ForeignKey("regions.Region", verbose_name=_("region"),
                               on_delete=models.PROTECT, related_name="party_orgs")
    building = models.ForeignKey("basedata.Building", verbose_name=_("building"), null=True,
                                 blank=True, on_delete=models.SET_NULL, related_name="+")
    parent = models.ForeignKey("self", verbose_name=_("parent organisation"), null=True,
                               blank=True, on_delete=models.PROTECT, related_name="children")
    secretary = models.ForeignKey("party.PartyMember", verbose_name=_("secretary"), null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("party organisation")
        verbose_name_plural = _("party organisations")

    def __str__(self) -> str:
        return self.name


class MemberKind(models.TextChoices):
    RESIDENT = "resident", _("Resident member")
    IN_SERVICE = "in_service", _("In-service member (在职党员)")


class PartyMember(models.Model):
    name = models.CharField(_("name"), max_length=50)
    org = models.ForeignKey(PartyOrg, verbose_name=_("party organisation"),
                            on_delete=models.PROTECT, related_name="members")
    kind = models.CharField(_("member kind"), max_length=12, choices=MemberKind.choices,
                            default=MemberKind.RESIDENT)
    employer = models.ForeignKey("org.Department", verbose_name=_("employer unit"), null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="+")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True,
                                blank=True, on_delete=models.SET_NULL,
                                related_name="party_member")
    person = models.ForeignKey("basedata.Person", verbose_name=_("person in the base data"),
                               null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")

    class Meta:
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        constraints = [models.CheckConstraint(
            condition=~models.Q(kind="in_service") | models.Q(employer__isnull=False),
            name="party_in_service_member_has_employer")]

    def __str__(self) -> str:
        return self.name


class DualReport(models.Model):
    """双报到: an in-service member reports to the community where they live."""

    member = models.ForeignKey(PartyMember, verbose_name=_("member"), on_delete=models.CASCADE,
                               related_name="reports")
    community = models.ForeignKey("regions.Region", verbose_name=_("community"),
                                  on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(_("reported at"))
    grid = models.ForeignKey("regions.Region", verbose_name=_("grid assigned"), null=True,
                             blank=True, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)

    class Meta:
        verbose_name = _("dual report")
        verbose_name_plural = _("dual reports")
        constraints = [models.UniqueConstraint(fields=["member", "community"],
                                               name="party_reports_once_per_community")]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.community_id}"


class ServiceRecord(models.Model):
    """Hours of service in the assigned grid, checked in at the place (the point lies in the
    grid); a task, or a micro-wish of the participation app it fulfils."""

    report = models.ForeignKey(DualReport, verbose_name=_("dual report"), on_delete=models.CASCADE,
                               related_name="services")
    task = models.CharField(_("task"), max_length=200)
    wish = models.ForeignKey("participation.Wish", verbose_name=_("micro-wish"), null=True,
                             blank=True, on_delete=models.SET_NULL, related_name="+")
    checked_in_at = models.DateTimeField(_("checked in at"))
    lat = models.FloatField(_("latitude"))
    lng = models.FloatField(_("longitude"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = _("service record")
        verbose_name_plural = _("service records")

    def __str__(self) -> str:
        return f"{self.report_id}: {self.hours} h"
