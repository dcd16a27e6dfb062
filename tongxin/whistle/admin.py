from django.contrib import admin

from .models import WhistleCall


@admin.register(WhistleCall)
class WhistleCallAdmin(admin.ModelAdmin):
    list_display = ("case", "department", "called_at", "due_at", "acknowledged_at", "missed_at")
    list_filter = ("department",)
    raw_id_fields = ("case", "called_by", "acknowledged_by")
