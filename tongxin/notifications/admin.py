"""Back office view of the in-app inbox (written by the system, never added by hand)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Notification


class ReadFilter(admin.SimpleListFilter):
    title = _("read")
    parameter_name = "read"

    def lookups(self, request, model_admin):
        return [("no", _("Unread")), ("yes", _("Read"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(read_at__isnull=self.value() == "no")
        return queryset


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "verb", "message", "case", "read_at")
    list_filter = (ReadFilter, "verb")
    search_fields = ("message", "user__username", "user__display_name", "case__number")
    list_select_related = ("user", "case")
    raw_id_fields = ("user", "case")
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False
