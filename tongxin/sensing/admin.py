from django.contrib import admin

from .models import Alarm, Device, Profile, Rule


class RuleInline(admin.TabularInline):
    model = Rule
    extra = 0


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("name", "channel", "heartbeat_s", "category")
    inlines = [RuleInline]


@admin.register(Device)
class DeviceAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "profile", "grid", "state", "last_seen_at",
                    "needs_maintenance")
    list_filter = ("state", "profile", "needs_maintenance")
    search_fields = ("code", "name")
    raw_id_fields = ("grid", "building", "component")


@admin.register(Alarm)
class AlarmAdmin(admin.ModelAdmin):
    list_display = ("device", "alarm_type", "status", "count", "first_at", "last_at", "case")
    list_filter = ("status", "alarm_type")
    raw_id_fields = ("device", "case")
