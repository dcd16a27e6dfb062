"""Reads of triage results for the workbench (the case itself is already visible to the user)."""

from __future__ import annotations

from typing import Any

from tongxin.cases.models import Case
from tongxin.org.models import Department

from .models import TriageResult


def result_for(case: Case) -> TriageResult | None:
    return (TriageResult.objects.filter(case=case)
            .select_related("lead_department", "category")
            .prefetch_related("co_departments").first())


def triage_suggestion(case: Case) -> Department | None:
    """The unit triage suggested, if it is still active (the dispatch form's first choice)."""
    result = TriageResult.objects.filter(case=case).select_related("lead_department").first()
    lead = result.lead_department if result else None
    return lead if lead is not None and lead.is_active else None


def panel(case: Case) -> dict[str, Any] | None:
    """What the triage panel of the case page shows, or None if triage never ran."""
    result = result_for(case)
    if result is None:
        return None
    auto_event = case.events.filter(action="dispatch", actor__isnull=True).first()
    return {
        "result": result,
        "confidence_pct": round(result.confidence * 100),
        "category_pct": (round(result.category_confidence * 100)
                         if result.category_confidence is not None else None),
        "threshold_pct": round(min(result.threshold, 1.0) * 100) if result.threshold <= 1 else None,
        "suggestions": [
            {**s, "confidence_pct": round(s["confidence"] * 100)} for s in result.suggestions[:3]
        ],
        "co_departments": list(result.co_departments.all()),
        "urgent_phrases": _phrases(result.urgency_reason),
        "urgent_by_category": result.urgency_reason == "category",
        "duplicates": [{**d, "score_pct": round(d["score"] * 100)} for d in result.duplicates],
        "auto_dispatched": auto_event is not None,
    }


def _phrases(reason: str) -> list[str]:
    return reason.removeprefix("rule:").split(",") if reason.startswith("rule:") else []
