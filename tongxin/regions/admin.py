"""Back office for the region tree (district → street → community → grid)."""

from django.contrib import admin
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .models import Level, Region


class WithinFilter(admin.SimpleListFilter):
    """Everything under one district or street: the parent filter that scales to a city
    (listing every parent would put hundreds of communities in the sidebar)."""

    title = _("within")
    parameter_name = "within"

    def lookups(self, request, model_admin):
        tops = Region.objects.filter(level__in=[Level.DISTRICT, Level.STREET]).order_by("path")
        return [(str(r.pk), r.name) for r in tops]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        value = self.value()
        region = Region.objects.filter(pk=value).first() if value else None
        if region is None:
            return queryset
        return queryset.filter(path__startswith=region.path).exclude(pk=region.pk)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "level", "parent", "synthetic")
    list_filter = ("level", WithinFilter, "synthetic")
    search_fields = ("name", "code")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)
    readonly_fields = ("path",)
    fields = ("code", "name", "level", "parent", "path", "synthetic", "center_lat", "center_lng",
              "geometry")

    def get_queryset(self, request):
        # Polygons are the bulk of a row and no list column shows them.
        return super().get_queryset(request).defer("geometry")
