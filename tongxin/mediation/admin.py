"""Back-office data of the mediation centre: organisations, mediators and rooms. Disputes and
their papers are written through the services (the trail), never here."""

from django.contrib import admin

from .models import MediationOrg, Mediator, Room


@admin.register(MediationOrg)
class MediationOrgAdmin(admin.ModelAdmin):
    list_display = ("department", "kind", "level", "region")
    list_filter = ("kind", "level")
    autocomplete_fields = ("department",)


@admin.register(Mediator)
class MediatorAdmin(admin.ModelAdmin):
    list_display = ("name", "org", "certificate_no", "active")
    list_filter = ("org", "active")
    search_fields = ("name", "certificate_no")


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ("name", "org", "capacity")
    list_filter = ("org",)
