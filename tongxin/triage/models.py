"""What smart triage decided for a case, and the dispatchers' corrections it learns from."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Decision(models.TextChoices):
    AUTO = "auto", _("dispatched automatically")
    ADJUDICATE = "adjudicate", _("sent to adjudication")
    FAILED = "failed", _("triage failed; left for a dispatcher")


class TriageResult(models.Model):
    """One per case, written once when triage runs (the case's own events say what followed)."""

    case = models.OneToOneField(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="triage",
    )
    created_at = models.DateTimeField(_("triaged at"))
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices)
    category = models.ForeignKey(
        "org.Category", verbose_name=_("category"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    # True when the case arrived without a category and `category` is triage's suggestion
    # (categories.score_categories), with how far it stood out from the next one.
    category_suggested = models.BooleanField(_("category suggested by triage"), default=False)
    category_confidence = models.FloatField(_("category confidence"), null=True, blank=True)
    lead_department = models.ForeignKey(
        "org.Department", verbose_name=_("suggested lead department"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    co_departments = models.ManyToManyField(
        "org.Department", verbose_name=_("suggested co-handlers"), blank=True, related_name="+",
    )
    confidence = models.FloatField(_("confidence"), default=0.0)
    threshold = models.FloatField(_("auto-dispatch threshold"), default=1.01)
    # [{"department": id, "code", "name", "confidence", "keywords": [...]}], best first.
    suggestions = models.JSONField(_("suggestions"), default=list, blank=True)
    keywords = models.JSONField(_("matched duty keywords"), default=list, blank=True)
    urgent = models.BooleanField(_("urgent"), default=False)
    urgency_reason = models.CharField(_("urgency reason"), max_length=200, blank=True)
    # [{"case_id", "number", "score", "reasons": [...]}] from duplicate detection, if present.
    duplicates = models.JSONField(_("similar cases"), default=list, blank=True)
    model_version = models.CharField(_("model"), max_length=100, blank=True)
    # Why the case waits for a person (the adjudication note), shown in the 研判中 queue.
    reason = models.TextField(_("adjudication reason"), blank=True, default="",
                              db_default="")
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("triage result")
        verbose_name_plural = _("triage results")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.decision}"


class RoutingCorrection(models.Model):
    """A dispatcher sent the case to another unit than triage suggested: a labelled example
    that the next `tongxin triage train --routing` uses (weighted above plain history)."""

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE,
        related_name="routing_corrections",
    )
    suggested = models.ForeignKey(
        "org.Department", verbose_name=_("suggested"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    chosen = models.ForeignKey(
        "org.Department", verbose_name=_("chosen"), on_delete=models.CASCADE, related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dispatcher"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    at = models.DateTimeField(_("time"))
    # The routing text at the time: the example stays the same if the case is edited later.
    text = models.TextField(_("routing text"))

    class Meta:
        verbose_name = _("routing correction")
        verbose_name_plural = _("routing corrections")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.suggested_id} → {self.chosen_id}"


class TextVector(models.Model):
    """A case's character n-gram counts for the duplicate detector (tongxin.triage.textindex),
    written once when triage runs, so a look-up never re-splits the texts it compares."""

    case = models.OneToOneField("cases.Case", verbose_name=_("case"), on_delete=models.CASCADE,
                                primary_key=True, related_name="text_vector")
    data = models.BinaryField(_("n-gram counts"))

    class Meta:
        verbose_name = _("text vector")
        verbose_name_plural = _("text vectors")

    def __str__(self) -> str:
        return str(self.case_id)
