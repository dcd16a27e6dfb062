from django.contrib import admin

from .models import Chief, PoliceCategory, PoliceTransfer, PoliceUnit, ResponsibilityArea


class ChiefInline(admin.TabularInline):
    model = Chief
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(ResponsibilityArea)
class ResponsibilityAreaAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "department", "valid_from", "valid_to", "is_active")
    list_filter = ("kind", "is_active", "synthetic")
    search_fields = ("name", "code")
    autocomplete_fields = ("department",)
    raw_id_fields = ("compound",)
    filter_horizontal = ("categories",)
    inlines = [ChiefInline]


@admin.register(PoliceCategory)
class PoliceCategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "category")
    search_fields = ("code", "name")


@admin.register(PoliceTransfer)
class PoliceTransferAdmin(admin.ModelAdmin):
    list_display = ("incident_no", "case", "police_category", "received_at", "returned_at")
    search_fields = ("incident_no",)
    readonly_fields = ("incident_no", "case", "police_category", "reported_at", "received_at",
                       "returned_at", "return_reason")

    def has_add_permission(self, request) -> bool:
        return False  # transfers arrive through the API only


@admin.register(PoliceUnit)
class PoliceUnitAdmin(admin.ModelAdmin):
    list_display = ("call_sign", "name", "department", "status", "updated_at")
    list_filter = ("status",)
    search_fields = ("call_sign", "name")
