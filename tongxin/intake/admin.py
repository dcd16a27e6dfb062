"""Back office for API tokens: creating one shows the raw token exactly once."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import tokens
from .models import ApiToken, Feed, IdempotencyRecord, Upload


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "user", "channel", "is_active", "created_at", "last_used_at")
    list_filter = ("channel", "is_active")
    search_fields = ("name", "prefix", "user__username")
    raw_id_fields = ("user",)
    readonly_fields = ("prefix", "created_at", "last_used_at")
    fields = ("name", "user", "channel", "is_active", "prefix", "created_at", "last_used_at")
    actions = ["deactivate"]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            raw = tokens.generate()
            obj.key_hash, obj.prefix = tokens.hash_key(raw), raw[: len(tokens.PREFIX) + 5]
            super().save_model(request, obj, form, change)
            # Only the hash is kept: this message is the one chance to copy the token.
            self.message_user(
                request,
                _("Token created. Copy it now, it will not be shown again: %(token)s")
                % {"token": raw},
                messages.WARNING,
            )
            return
        super().save_model(request, obj, form, change)

    @admin.action(description=gettext_lazy("Deactivate selected tokens"))
    def deactivate(self, request, queryset) -> None:
        queryset.update(is_active=False)


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(admin.ModelAdmin):
    list_display = ("key", "user", "scope", "status_code", "case", "created_at")
    search_fields = ("key", "user__username", "case__number")
    list_filter = ("scope",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Upload)
class UploadAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "content_type", "size", "owner", "attachment", "created_at")
    list_filter = ("kind",)
    raw_id_fields = ("owner", "attachment")

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = ("name", "url", "channel", "region", "active", "last_polled_at", "last_error")
    list_filter = ("active", "channel")
    search_fields = ("name", "url")
    raw_id_fields = ("region",)
    readonly_fields = ("last_polled_at", "etag", "modified", "last_error")
    fields = ("name", "url", "channel", "region", "active", *readonly_fields)
