"""Grid-worker field work: patrols with their GPS track (一日双巡) and household visits."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Patrol(models.Model):
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("grid worker"), on_delete=models.PROTECT,
        related_name="patrols",
    )
    # Chosen by the app, so a start sent twice (offline retry) opens one patrol.
    client_id = models.UUIDField(_("client id"))
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    distance_m = models.FloatField(_("distance (m)"), default=0)

    class Meta:
        verbose_name = _("patrol")
        verbose_name_plural = _("patrols")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["worker", "client_id"], name="patrol_unique_client"),
        ]

    def __str__(self) -> str:
        return f"{self.worker} {self.started_at:%Y-%m-%d %H:%M}"


class PatrolPoint(models.Model):
    patrol = models.ForeignKey(
        Patrol, verbose_name=_("patrol"), on_delete=models.CASCADE, related_name="points"
    )
    at = models.DateTimeField(_("time"))
    lat = models.FloatField(_("latitude"))
    lng = models.FloatField(_("longitude"))
    accuracy = models.FloatField(_("accuracy (m)"), null=True, blank=True)

    class Meta:
        verbose_name = _("track point")
        verbose_name_plural = _("track points")
        ordering = ["at", "id"]
        constraints = [
            # A batch resent after a lost answer adds no point twice.
            models.UniqueConstraint(fields=["patrol", "at"], name="patrol_point_unique_time"),
        ]

    def __str__(self) -> str:
        return f"{self.lat:.5f},{self.lng:.5f} @ {self.at:%H:%M:%S}"


class HouseholdVisit(models.Model):
    """A visit to a household of the grid (入户走访): who, where, what was found."""

    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("grid worker"), on_delete=models.PROTECT,
        related_name="household_visits",
    )
    client_id = models.UUIDField(_("client id"))
    visited_at = models.DateTimeField(_("visited at"))
    address = models.CharField(_("address"), max_length=255)
    household = models.CharField(_("household"), max_length=100, blank=True)
    note = models.TextField(_("findings"), blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lng = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        verbose_name = _("household visit")
        verbose_name_plural = _("household visits")
        ordering = ["-visited_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["worker", "client_id"], name="visit_unique_client"),
        ]

    def __str__(self) -> str:
        return f"{self.address} {self.visited_at:%Y-%m-%d}"
