"""Back office for departments with their duty keywords, and the category tree."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from .models import Category, Department, DutyKeyword

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    class _KeywordCount(TypedDict):
        _keywords: int


class DutyKeywordInline(admin.TabularInline):
    model = DutyKeyword
    extra = 3
    fields = ("keyword", "weight")


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "code", "kind", "region", "keyword_count", "is_active")
    list_filter = ("is_active", "kind", ("region", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "short_name", "code", "keywords__keyword")
    list_select_related = ("region",)
    autocomplete_fields = ("region",)
    inlines = [DutyKeywordInline]

    def get_queryset(self, request) -> QuerySet:
        return super().get_queryset(request).annotate(_keywords=Count("keywords"))

    @admin.display(description=_("duty keywords"), ordering="_keywords")
    def keyword_count(self, obj: WithAnnotations[Department, _KeywordCount]) -> int:
        return obj._keywords


@admin.register(DutyKeyword)
class DutyKeywordAdmin(admin.ModelAdmin):
    """All keywords in one list: to find which unit claims a word before adding it again."""

    list_display = ("keyword", "department", "weight")
    list_filter = (("department", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("keyword", "department__name", "department__short_name")
    list_select_related = ("department",)
    autocomplete_fields = ("department",)


class BranchFilter(admin.SimpleListFilter):
    """One first-level branch with everything below it (codes nest: 01 → 0102 → 010203)."""

    title = _("branch")
    parameter_name = "branch"

    def lookups(self, request, model_admin):
        return [(c.code, c.name) for c in Category.objects.filter(level=1).order_by("code")]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        return queryset.filter(code__startswith=self.value()) if self.value() else queryset


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "level", "parent", "lead_department", "policy", "is_active")
    list_filter = ("level", BranchFilter, "policy", "is_active")
    search_fields = ("name", "code")
    list_select_related = ("parent", "lead_department", "policy")
    autocomplete_fields = ("parent", "lead_department")
