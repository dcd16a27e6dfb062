from django.contrib import admin

from tongxin.core.admin import ReadOnlyAdmin

from .models import HandlingTime, PeerRating, Report


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ("kind", "region", "period_start", "period_end", "created_at")
    list_filter = ("kind",)


@admin.register(PeerRating)
class PeerRatingAdmin(ReadOnlyAdmin):
    list_display = ("kind", "month", "rater", "region", "department", "score")
    list_filter = ("kind", "month")


@admin.register(HandlingTime)
class HandlingTimeAdmin(ReadOnlyAdmin):
    list_display = ("case", "working_hours", "computed_at")
