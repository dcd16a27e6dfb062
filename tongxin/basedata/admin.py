from django.contrib import admin

from .models import Building, Component, Compound, House, Organisation, Place, Tag


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "sensitive", "max_grade", "visit_days")
    filter_horizontal = ("departments",)


@admin.register(Compound, Building, House, Place)
class PlacedAdmin(admin.ModelAdmin):
    list_display = ("__str__", "grid", "last_verified_at")
    raw_id_fields = ("grid",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "credit_code", "grid", "key_unit")
    search_fields = ("name", "credit_code")
    raw_id_fields = ("grid",)


@admin.register(Component)
class ComponentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "state", "department", "grid")
    search_fields = ("code", "name")
    raw_id_fields = ("grid",)
