from django.contrib import admin

from .models import (
    CatalogueItem,
    Expert,
    Incident,
    Plan,
    PlanLevel,
    PlanStep,
    PlanVersion,
    Shelter,
    StockItem,
    StockMove,
    Team,
    Warehouse,
)


class PlanLevelInline(admin.TabularInline):
    model = PlanLevel
    extra = 0


class PlanStepInline(admin.TabularInline):
    model = PlanStep
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("name", "event_class", "owner", "active")
    list_filter = ("event_class", "active")


@admin.register(PlanVersion)
class PlanVersionAdmin(admin.ModelAdmin):
    list_display = ("plan", "number", "created_at")
    inlines = [PlanLevelInline]


@admin.register(PlanLevel)
class PlanLevelAdmin(admin.ModelAdmin):
    list_display = ("version", "level")
    inlines = [PlanStepInline]


class StockInline(admin.TabularInline):
    model = StockItem
    extra = 0


@admin.register(Warehouse)
class WarehouseAdmin(admin.ModelAdmin):
    list_display = ("name", "manager", "synthetic")
    inlines = [StockInline]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "speciality", "members", "status", "synthetic")
    list_filter = ("status",)


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):
    list_display = ("name", "field", "available", "synthetic")


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    list_display = ("case", "plan_version", "level", "drill", "status", "started_at")
    list_filter = ("status", "drill")
    # Incidents move through the services (their trail is the case's); read-only here.
    readonly_fields = [f.name for f in Incident._meta.fields]


admin.site.register([CatalogueItem, Shelter, StockMove])
