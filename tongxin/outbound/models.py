"""Outbound: webhook subscriptions and the delivery log (one row per event and target, one
attempt row per try), so every status change goes back through the channel it came from."""

import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongxin.cases.models import Channel
from tongxin.core.netguard import OUTBOUND_ALLOW, WEBHOOK_ALLOW, OutboundURLModel
from tongxin.security.fields import SM4EncryptedCharField


def new_secret() -> str:
    return secrets.token_hex(32)


class WebhookSubscription(OutboundURLModel):
    """An endpoint (an Open311 client, a city or provincial platform) that receives signed
    status changes of the cases of `channel`, or of every channel when blank. Its URL must
    pass the outbound guard (tongxin.core.netguard) when saved and again at every delivery."""

    outbound_settings = (WEBHOOK_ALLOW, OUTBOUND_ALLOW)

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("URL"), max_length=500)
    # Encrypted, not hashed: it signs every request, and the receiver holds the same one.
    secret = SM4EncryptedCharField(_("signing secret"), max_length=128, default=new_secret)
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, blank=True,
        help_text=_("Leave blank to receive the cases of every channel."),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Kind(models.TextChoices):
    WEBHOOK = "webhook", _("Webhook")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")


# The target of an SMS or e-mail delivery: "the case's reporter", resolved when sending.
REPORTER = "reporter"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed, will retry")
    DEAD = "dead", _("Given up")
    # The outbound guard refused the address (internal, not http/https): final, since
    # waiting changes nothing; "try once more" in the admin re-checks it.
    REFUSED = "refused", _("Refused: address not allowed")


class Delivery(models.Model):
    subscription = models.ForeignKey(
        WebhookSubscription, verbose_name=_("subscription"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="deliveries",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="+"
    )
    event = models.ForeignKey(
        "cases.CaseEvent", verbose_name=_("event"), on_delete=models.PROTECT, related_name="+"
    )
    # What is sent, fixed when queued: every retry carries the same body.
    payload = models.JSONField(_("payload"), default=dict)
    # A webhook's URL; for SMS and e-mail REPORTER, read from the case's encrypted field at
    # sending time, so no phone number or address rests here (or in logs and backups).
    target = models.CharField(_("target"), max_length=500)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(
        _("next attempt at"), null=True, blank=True, db_index=True
    )
    last_error = models.TextField(_("last error"), blank=True)
    response_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subscription", "event", "target"], name="uniq_delivery_target"
            ),
            # SMS and e-mail have no subscription, and NULLs never collide in a unique
            # constraint: this one makes those queued once per event and target too.
            models.UniqueConstraint(
                fields=["kind", "event", "target"], condition=Q(subscription__isnull=True),
                name="uniq_delivery_target_no_subscription",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.target} ({self.status})"


class DeliveryAttempt(models.Model):
    """One try of a delivery: the log an administrator reads when a receiver says
    it never got anything."""

    delivery = models.ForeignKey(
        Delivery, verbose_name=_("delivery"), on_delete=models.CASCADE, related_name="log"
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    at = models.DateTimeField(_("time"))
    ok = models.BooleanField(_("succeeded"))
    response_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    # The gateway's message id, for SMS and e-mail.
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["delivery", "number"]

    def __str__(self) -> str:
        return f"{self.delivery_id} #{self.number}"
