from django.contrib import admin

from tongxin.core.admin import ReadOnlyAdmin

from .models import PointsEntry, Wish


@admin.register(PointsEntry)
class PointsEntryAdmin(ReadOnlyAdmin):
    """The ledger is append-only: corrections are new lines (services.award)."""

    list_display = ("created_at", "user", "points", "reason", "case", "wish")
    list_filter = ("reason",)
    search_fields = ("user__username", "note")


@admin.register(Wish)
class WishAdmin(admin.ModelAdmin):
    list_display = ("title", "region", "status", "posted_by", "claimed_by", "created_at")
    list_filter = ("status",)
