"""Triage results and routing corrections: written by services, read in the admin."""

from django.contrib import admin

from tongxin.core.admin import ReadOnlyAdmin

from .models import RoutingCorrection, TriageResult


@admin.register(TriageResult)
class TriageResultAdmin(ReadOnlyAdmin):
    list_display = ("case", "decision", "lead_department", "confidence", "threshold", "urgent",
                    "model_version", "created_at")
    list_filter = ("decision", "urgent")
    search_fields = ("case__number", "case__title")
    list_select_related = ("case", "lead_department")


@admin.register(RoutingCorrection)
class RoutingCorrectionAdmin(ReadOnlyAdmin):
    list_display = ("case", "suggested", "chosen", "actor", "at")
    search_fields = ("case__number",)
    list_select_related = ("case", "suggested", "chosen", "actor")
