"""The region tree: district 区 → street 街道/镇 → community 社区/村 → grid 网格.

Each node stores a materialised `path` of ancestor ids ("/1/4/27/") so "is X inside Y's
subtree" is a prefix test and needs no recursive query.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    DISTRICT = "district", _("District")
    STREET = "street", _("Street / town")
    COMMUNITY = "community", _("Community / village")
    GRID = "grid", _("Grid")


LEVEL_DEPTH = {Level.DISTRICT: 0, Level.STREET: 1, Level.COMMUNITY: 2, Level.GRID: 3}


class Region(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    path = models.CharField(_("path"), max_length=255, db_index=True, editable=False, default="")
    # GeoJSON geometry (Polygon or MultiPolygon), WGS-84 longitude/latitude.
    geometry = models.JSONField(_("boundary (GeoJSON, WGS-84)"), null=True, blank=True)
    center_lat = models.FloatField(_("centre latitude"), null=True, blank=True)
    center_lng = models.FloatField(_("centre longitude"), null=True, blank=True)
    synthetic = models.BooleanField(
        _("synthetic boundary"), default=False,
        help_text=_("Generated for the demo; not an official boundary."),
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # The path needs our own id, so a new node is saved twice.
        super().save(*args, **kwargs)
        path = f"{self.parent.path if self.parent else '/'}{self.pk}/"
        if path != self.path:
            self.path = path
            Region.objects.filter(pk=self.pk).update(path=path)

    def is_within(self, other: "Region") -> bool:
        """True when self is `other` or lies in its subtree."""
        return self.path.startswith(other.path)

    def ancestors(self) -> list["Region"]:
        ids = [int(p) for p in self.path.strip("/").split("/") if p]
        by_id = Region.objects.in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id]
