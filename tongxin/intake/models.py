"""Intake: API tokens for staff and channel clients, idempotency records, checked uploads."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongxin.cases.models import Channel
from tongxin.core.netguard import OutboundURLModel


class ApiToken(models.Model):
    """A bearer token. Only the SHA-256 of the token is stored; the raw token is shown once.

    The token acts as `user`: a staff member, or a per-channel service user whose memberships
    define the jurisdiction the client may report into and read from. Cases it creates carry
    `channel`, whatever the request body says.
    """

    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    # The first characters of the raw token, so an administrator can tell tokens apart.
    prefix = models.CharField(_("prefix"), max_length=12, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("acts as user"), on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.API
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class IdempotencyRecord(models.Model):
    """The first result of a create request, replayed to every retry with the same key.

    The unique (user, key) constraint is what makes retries race-safe: the record is inserted
    in the same transaction as the case, so of two concurrent requests exactly one commits and
    the other reads the winner's record.
    """

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    # None: an anonymous citizen (the portal's no-login form).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="+",
    )
    key = models.CharField(_("idempotency key"), max_length=255)
    token = models.ForeignKey(
        ApiToken, verbose_name=_("API token"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    scope = models.CharField(_("endpoint"), max_length=40)
    fingerprint = models.CharField(_("request fingerprint"), max_length=64)
    status_code = models.PositiveSmallIntegerField(_("response status"))
    response = models.JSONField(_("response body"), default=dict)
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="uniq_idempotency_owner_key"),
            # NULLs never collide in a unique constraint: anonymous keys need their own.
            models.UniqueConstraint(fields=["scope", "key"], condition=Q(user__isnull=True),
                                    name="uniq_idempotency_anonymous_key"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"


class MediaKind(models.TextChoices):
    IMAGE = "image", _("Photo")
    VIDEO = "video", _("Video")
    AUDIO = "audio", _("Voice recording")


class Upload(models.Model):
    """A file whose content was checked, waiting to be attached to a case.

    `file` is the public copy (for images: re-encoded without EXIF, so no GPS position leaks);
    `original` keeps the file as received for the record and is never served.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=MediaKind.choices)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256 of the original"), max_length=64)
    file = models.FileField(_("public copy"), max_length=255)
    original = models.FileField(_("original"), max_length=255, blank=True)
    thumbnail = models.FileField(_("thumbnail"), max_length=255, blank=True)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    exif_lat = models.FloatField(_("EXIF latitude"), null=True, blank=True)
    exif_lng = models.FloatField(_("EXIF longitude"), null=True, blank=True)
    attachment = models.OneToOneField(
        "cases.Attachment", verbose_name=_("attachment"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="media",
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")

    def __str__(self) -> str:
        return self.file.name or ""


class ImportedRow(models.Model):
    """One row of a bulk import that became a case.

    The unique (source, row_key) pair is what makes an import re-runnable: the key is the
    source system's own id when the file has one, else a hash of the row, and it is inserted
    in the same transaction as the case, so a row is stored at most once however often (or
    however concurrently) the same file is imported.
    """

    source = models.CharField(_("source system"), max_length=100)
    row_key = models.CharField(_("row key"), max_length=200)
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="+",
    )
    created_at = models.DateTimeField(_("imported at"), default=timezone.now)

    class Meta:
        verbose_name = _("imported row")
        verbose_name_plural = _("imported rows")
        constraints = [
            models.UniqueConstraint(fields=["source", "row_key"], name="uniq_imported_row"),
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.row_key}"


class Feed(OutboundURLModel):
    """An RSS or Atom feed (融媒体 / 网络舆情) the worker polls for new reports. Its URL, and
    every redirect it answers with, must pass the outbound guard (tongxin.core.netguard)."""

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("feed URL"), max_length=500)
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.MEDIA
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("default region"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
        help_text=_("Where the feed's reports are placed; empty means the whole service area."),
    )
    active = models.BooleanField(_("active"), default=True)
    last_polled_at = models.DateTimeField(_("last polled at"), null=True, blank=True)
    # The validators of the last response, sent back so an unchanged feed costs a 304.
    etag = models.CharField(_("ETag"), max_length=255, blank=True)
    modified = models.CharField(_("Last-Modified"), max_length=100, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("feed")
        verbose_name_plural = _("feeds")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FeedItem(models.Model):
    """A feed entry already turned into a case; the unique (feed, guid) keeps it to one."""

    feed = models.ForeignKey(
        Feed, verbose_name=_("feed"), on_delete=models.CASCADE, related_name="items"
    )
    guid = models.CharField(_("item id"), max_length=255)
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="+",
    )
    created_at = models.DateTimeField(_("received at"), default=timezone.now)

    class Meta:
        verbose_name = _("feed item")
        verbose_name_plural = _("feed items")
        constraints = [
            models.UniqueConstraint(fields=["feed", "guid"], name="uniq_feed_item_guid"),
        ]

    def __str__(self) -> str:
        return f"{self.feed_id}:{self.guid}"
