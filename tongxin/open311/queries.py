"""Public reads for Open311.

Open311 GET is public, so this is the one place that reads cases without the jurisdiction
filter; it reads only what serializers.py publishes (nothing about the reporter).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.db.models import QuerySet

from tongxin.cases.models import Case, CaseEvent
from tongxin.cases.workflow import KIND, Kind
from tongxin.org.models import Category
from tongxin.regions.models import Region

from .serializers import PUBLIC_NOTE_ACTIONS


def public_cases() -> QuerySet[Case]:
    return Case.objects.select_related("category", "lead_department", "merged_into")


def filtered(*, numbers: list[str] | None = None, codes: list[str] | None = None,
             start: datetime | None = None, end: datetime | None = None,
             statuses: list[str] | None = None) -> QuerySet[Case]:
    qs = public_cases()
    if numbers:
        return qs.filter(number__in=numbers)
    if codes:
        qs = qs.filter(category__code__in=codes)
    if start:
        qs = qs.filter(created_at__gte=start)
    if end:
        qs = qs.filter(created_at__lte=end)
    if statuses and set(statuses) != {"open", "closed"}:
        closed = [s for s, k in KIND.items() if k is Kind.CLOSED]
        qs = qs.filter(status__in=closed) if "closed" in statuses else qs.exclude(
            status__in=closed
        )
    return qs.order_by("-created_at", "-id")


def public_events(cases: list[Case]) -> dict[int, list[CaseEvent]]:
    by_case: dict[int, list[CaseEvent]] = defaultdict(list)
    rows = (
        CaseEvent.objects.filter(case_id__in=[c.pk for c in cases], action__in=PUBLIC_NOTE_ACTIONS)
        .only("case_id", "note", "at", "action")
        .order_by("at", "id")
    )
    for event in rows:
        by_case[event.case_id].append(event)
    return by_case


def categories() -> list[Category]:
    return list(Category.objects.filter(is_active=True).order_by("code"))


def category(code: str) -> Category | None:
    return Category.objects.filter(code=code, is_active=True).first()


def known_codes(codes: list[str]) -> set[str]:
    return set(Category.objects.filter(code__in=codes).values_list("code", flat=True))


def jurisdictions() -> list[str]:
    return list(Region.objects.filter(parent__isnull=True).values_list("code", flat=True))
