"""Reference data for clients: categories, departments and regions, identified by code."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router

from tongxin.org.models import Category, Department
from tongxin.regions.models import Level, Region

from .schemas import CategoryOut, Checked, DepartmentOut, ErrorOut, RegionOut

router = Router(tags=["reference data"])
ERRORS = {401: ErrorOut, 422: ErrorOut}
LevelCode = Literal[tuple(Level.values)]  # type: ignore[valid-type]


@router.get("/categories", response={200: list[CategoryOut], **ERRORS},
            operation_id="list_categories", summary="The category tree (active categories)")
def categories(request: HttpRequest):
    rows = Category.objects.filter(is_active=True).select_related("parent", "lead_department")
    return [
        {"code": c.code, "name": c.name, "level": c.level,
         "parent": c.parent.code if c.parent else None,
         "lead_department": c.lead_department.code if c.lead_department else None}
        for c in rows.order_by("code")
    ]


@router.get("/departments", response={200: list[DepartmentOut], **ERRORS},
            operation_id="list_departments", summary="Handling departments (active)")
def departments(request: HttpRequest):
    rows = Department.objects.filter(is_active=True).select_related("region").order_by("code")
    return [
        {"code": d.code, "name": d.name, "short_name": d.short_name, "region": d.region.code}
        for d in rows
    ]


class RegionFilters(Checked):
    level: LevelCode | None = None  # type: ignore[valid-type]
    parent: str | None = Field(None, max_length=32, description="code of the parent region")


@router.get("/regions", response={200: list[RegionOut], **ERRORS}, operation_id="list_regions",
            summary="The region tree: district → street → community → grid")
def regions(request: HttpRequest, filters: Query[RegionFilters]):
    rows = Region.objects.select_related("parent").order_by("path")
    if filters.level:
        rows = rows.filter(level=filters.level)
    if filters.parent:
        rows = rows.filter(parent__code=filters.parent)
    return [
        {"code": r.code, "name": r.name, "level": r.level,
         "parent": r.parent.code if r.parent else None,
         "center_lat": r.center_lat, "center_lng": r.center_lng}
        for r in rows
    ]
