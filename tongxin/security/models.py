"""The security audit log (安全审计): append-only and hash-chained, so tampering shows.

Each row carries the SM3 hash of the row before it (prev_hash) and its own hash over a
canonical JSON of its fields (row_hash). Changing, deleting or inserting a row in the middle
breaks the chain at that row; `tongxin security verify-audit` names it. The ORM refuses
update and delete, and database triggers refuse them too (migration 0002).

Also here: password history (for the history and expiry rules) and TOTP devices.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .fields import SM4EncryptedCharField


class Category(models.TextChoices):
    AUTH = "auth", _("Login and logout")
    PERSONAL = "personal", _("Personal data read")
    EXPORT = "export", _("Export")
    PERMISSION = "permission", _("Permission change")
    WORKFLOW = "workflow", _("Workflow action")
    SECURITY = "security", _("Security administration")


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[override]
        raise TypeError("AuditEntry rows are append-only")

    def delete(self):  # type: ignore[override]
        raise TypeError("AuditEntry rows are append-only")


class AuditEntry(models.Model):
    at = models.DateTimeField(_("time"), db_index=True)
    # No foreign key: deleting or renaming a user must never rewrite an audit row.
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True, db_index=True)
    actor_name = models.CharField(_("actor"), max_length=150, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices,
                                db_index=True)
    action = models.CharField(_("action"), max_length=50)
    object_type = models.CharField(_("object type"), max_length=50, blank=True)
    object_id = models.CharField(_("object"), max_length=64, blank=True, db_index=True)
    ip = models.CharField(_("address"), max_length=45, blank=True)
    success = models.BooleanField(_("succeeded"), default=True)
    detail = models.JSONField(_("details"), default=dict, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    row_hash = models.CharField(_("row hash"), max_length=64, unique=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-id"]
        permissions = [("view_audit", "Can read and export the audit log")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.action}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise TypeError("AuditEntry rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[override]
        raise TypeError("AuditEntry rows are append-only")


class PasswordRecord(models.Model):
    """A password a user had (its hash), for the history rule and the expiry date."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="password_records")
    password = models.CharField(max_length=128)
    set_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-set_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.set_at:%Y-%m-%d}"


class TotpDevice(models.Model):
    """The user's authenticator app secret (RFC 6238); confirmed once a code matched."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="totp_device")
    secret = SM4EncryptedCharField(max_length=64)  # at rest only as an SM4 ciphertext
    confirmed = models.BooleanField(default=False)
    last_step = models.BigIntegerField(default=0)  # a code is accepted once (no replay)

    def __str__(self) -> str:
        return f"TOTP {self.user_id}"


class SessionRecord(models.Model):
    """Which session key belongs to which user, so one login can end the others."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"
