"""Back office for time-limit policies and the official calendar's exceptions."""

from django.contrib import admin

from .models import CalendarDay, TimeLimitPolicy


@admin.register(TimeLimitPolicy)
class TimeLimitPolicyAdmin(admin.ModelAdmin):
    list_display = ("label", "name", "accept_value", "accept_unit", "finish_value", "finish_unit")
    search_fields = ("name", "label")


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("date", "is_workday", "note")
    list_filter = ("is_workday",)
    search_fields = ("note",)
    date_hierarchy = "date"
