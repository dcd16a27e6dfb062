from django.contrib import admin

from tongxin.core.admin import ReadOnlyAdmin

from .models import ReturnVisit


@admin.register(ReturnVisit)
class ReturnVisitAdmin(ReadOnlyAdmin):
    """Visits are written by the return-visit service only; the admin reads them."""

    list_display = ("case", "round", "method", "status", "rating", "opened_at", "answered_at")
    list_filter = ("method", "status", "rating")
    search_fields = ("case__number",)
