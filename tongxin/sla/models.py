"""Time-limit policies (限时办理) and administrator-entered calendar days."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    NATURAL_HOURS = "natural_hours", _("hours (around the clock)")
    WORKING_HOURS = "working_hours", _("working hours")
    WORKING_DAYS = "working_days", _("working days")


class TimeLimitPolicy(models.Model):
    name = models.SlugField(_("name"), max_length=40, unique=True)
    label = models.CharField(_("label"), max_length=60)
    accept_value = models.PositiveIntegerField(_("time to sign for"))
    accept_unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    finish_value = models.PositiveIntegerField(_("time to finish"))
    finish_unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)

    class Meta:
        verbose_name = _("time-limit policy")
        verbose_name_plural = _("time-limit policies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.label or self.name


class CalendarDay(models.Model):
    """One day of an officially published schedule (holiday or make-up workday 调休).

    Entries here win over the chinesecalendar package, so an administrator can enter next
    year's schedule as soon as the State Council publishes it.
    """

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.note}"
