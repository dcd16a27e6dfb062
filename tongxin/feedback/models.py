"""Return visits (回访): after a case closes, the citizen is asked for a rating through the
channel the case came from. One visit per closing round (a reworked case is asked again)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Method(models.TextChoices):
    SMS = "sms", _("Text message with a link")
    PORTAL = "portal", _("Citizen portal")
    CALL = "call", _("Operator call-back")
    HOUSEHOLD = "household", _("Grid worker household visit")


class VisitStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ANSWERED = "answered", _("Answered")
    UNREACHED = "unreached", _("Unreached")


class ReturnVisit(models.Model):
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE,
        related_name="return_visits",
    )
    # The case's rework count when it closed: round 0 is the first closing, 1 the first rework.
    round = models.PositiveSmallIntegerField(_("round"), default=0)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    status = models.CharField(_("status"), max_length=10, choices=VisitStatus.choices,
                              default=VisitStatus.PENDING, db_index=True)
    opened_at = models.DateTimeField(_("opened at"))
    due_at = models.DateTimeField(_("answer expected by"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    rating = models.CharField(_("rating"), max_length=12, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    message_id = models.CharField(_("text message id"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("return visit")
        verbose_name_plural = _("return visits")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "round"], name="return_visit_once_per_round"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.round} {self.status}"
