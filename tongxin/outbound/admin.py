from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Delivery, DeliveryAttempt, DeliveryStatus, WebhookSubscription


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    list_display = ("name", "url", "channel", "active", "created_at")
    list_filter = ("active", "channel")
    search_fields = ("name", "url")


class AttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    readonly_fields = ("number", "at", "ok", "response_code", "error", "reference",
                       "duration_ms")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "case", "target", "status", "attempts", "response_code",
                    "next_attempt_at", "sent_at")
    list_filter = ("kind", "status")
    search_fields = ("case__number", "target")
    raw_id_fields = ("case", "event", "subscription")
    # The log is evidence of what was sent; it is read here, not edited.
    readonly_fields = ("subscription", "kind", "case", "event", "payload", "target", "status",
                       "attempts", "next_attempt_at", "last_error", "response_code",
                       "created_at", "sent_at")
    inlines = [AttemptInline]
    actions = ["retry_now"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Try once more now"))
    def retry_now(self, request, queryset) -> None:
        # One more attempt, not a new round: the attempt count (and its log) keeps going.
        queryset.exclude(status=DeliveryStatus.SENT).update(
            status=DeliveryStatus.PENDING, next_attempt_at=timezone.now()
        )
