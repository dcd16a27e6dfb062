from django.contrib import admin

from .models import DualReport, PartyMember, PartyOrg


@admin.register(PartyOrg)
class PartyOrgAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "region", "parent", "secretary")
    list_filter = ("level",)
    raw_id_fields = ("region", "building", "parent", "secretary")


@admin.register(PartyMember)
class PartyMemberAdmin(admin.ModelAdmin):
    list_display = ("name", "org", "kind", "employer")
    list_filter = ("kind",)
    raw_id_fields = ("org", "employer", "user", "person")


@admin.register(DualReport)
class DualReportAdmin(admin.ModelAdmin):
    list_display = ("member", "community", "grid", "reported_at")
    raw_id_fields = ("member", "community", "grid")
