from django.contrib import admin

from .models import HouseholdVisit, Patrol


@admin.register(Patrol)
class PatrolAdmin(admin.ModelAdmin):
    list_display = ("worker", "started_at", "ended_at", "distance_m")
    raw_id_fields = ("worker",)
    readonly_fields = ("client_id",)


@admin.register(HouseholdVisit)
class HouseholdVisitAdmin(admin.ModelAdmin):
    list_display = ("address", "household", "worker", "visited_at")
    search_fields = ("address", "household", "note")
    raw_id_fields = ("worker",)
