"""Smart triage of new cases: urgency, routing, similar cases, then dispatch or adjudication.

`triage_case` runs once per new case (the worker job `triage_new_cases` picks up every case
still `reported` that has no TriageResult, whatever its channel). Confident routing dispatches
the case automatically — register + dispatch as the system, with the normal (or urgent)
time limit; anything else is registered and sent to adjudication with the top three
suggestions. If triage fails the case stays `reported` for a human and the error is logged.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.areas.routing import AreaRoute, area_route
from tongxin.cases.events import Recorded
from tongxin.cases.models import Case, Channel, Status, Urgency
from tongxin.cases.services import ActionInput, system_act
from tongxin.org.models import Category, Department, DutyKeyword

from . import classifier, quality, routing, urgency
from .categories import score_categories
from .duplicates import find_duplicates, store_vector
from .models import Decision, RoutingCorrection, TriageResult

log = logging.getLogger("tongxin.triage")

# A similar open case this likely to be the same problem holds the case for a dispatcher,
# who decides to link or merge; auto-dispatching it would open a second job for one problem.
DUPLICATE_HOLD = 0.8
MAX_CO_HANDLERS = 2
# A suggested category this clear feeds the routing (its name and lead unit are evidence), and
# one this clear is written on the case when it is dispatched automatically. Measured on the
# 300 demo cases (suggesting for cases whose category was known): at 0.7 the category's unit
# was right for all 69 cases, at 0.8 the category itself for all 26.
CATEGORY_FOR_ROUTING = 0.7
CATEGORY_ON_CASE = 0.8


def routing_model_dir() -> Path:
    configured = getattr(settings, "TONGXIN_TRIAGE_ROUTING_MODEL", None)
    return Path(configured) if configured else Path(settings.DATA_DIR) / "triage" / "routing"


def load_router() -> classifier.TriageModel | None:
    """The trained routing model, or None (then triage only suggests). Reloaded when the
    model file changes, so `triage train` takes effect without restarting the worker."""
    path = routing_model_dir() / classifier.MODEL_FILE
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return None
    return _load_router(str(path.parent), stamp)


@lru_cache(maxsize=2)
def _load_router(directory: str, stamp: int) -> classifier.TriageModel:
    return classifier.load(directory)


# ---------------------------------------------------------------- evidence


def case_text(case: Case) -> str:
    return f"{case.title}。{case.description}".strip("。")


def place_name(case: Case) -> str:
    region = case.street or case.district
    return region.name if region else ""


def keyword_library() -> dict[str, list[tuple[str, float]]]:
    library: dict[str, list[tuple[str, float]]] = {}
    rows = DutyKeyword.objects.filter(department__is_active=True).values_list(
        "department__code", "keyword", "weight")
    for code, word, weight in rows:
        library.setdefault(code, []).append((word, weight))
    return library


def case_routing_text(case: Case, library: dict[str, list[tuple[str, float]]] | None = None,
                      category: Category | None = None) -> str:
    """The text the routing model reads for a case (also stored with a correction);
    `category` stands in for a case without one (triage's suggestion)."""
    text = case_text(case)
    found = routing.keyword_scores(text, keyword_library() if library is None else library)
    words = sorted({w for _, hit in found.values() for w in hit})
    category = case.category or category
    return routing.routing_text(text=text, category=category.name if category else "",
                                place=place_name(case), keywords=words)


@dataclass(frozen=True)
class CategoryChoice:
    category: Category | None
    confidence: float | None
    suggested: bool

    @property
    def for_routing(self) -> Category | None:
        if not self.suggested or (self.confidence or 0.0) >= CATEGORY_FOR_ROUTING:
            return self.category
        return None

    @property
    def for_case(self) -> Category | None:
        """The category to set on the case when dispatching, if any."""
        if self.suggested and (self.confidence or 0.0) >= CATEGORY_ON_CASE:
            return self.category
        return None


def choose_category(case: Case) -> CategoryChoice:
    """The case's own category, else the best suggestion from its text (or none)."""
    if case.category is not None:
        return CategoryChoice(case.category, None, False)
    best = next(iter(score_categories(case_text(case), limit=1)), None)
    if best is None:
        return CategoryChoice(None, None, False)
    return CategoryChoice(best.category, best.confidence, True)


@dataclass
class Routing:
    suggestions: list[routing.Suggestion]
    co_handlers: list[str]
    keywords: list[str]
    threshold: float
    model_version: str
    conflict: bool = False


def route(case: Case, category: Category | None = None) -> Routing:
    """Suggested units; `category` is the one to route by (default: the case's own)."""
    category = category or case.category
    library = keyword_library()
    text = case_text(case)
    found = routing.keyword_scores(text, library)
    lead = category.effective_lead_department() if category else None
    model = load_router()
    rules = routing.rule_suggestions(text, library, lead.code if lead else None)
    conflict = False
    if model is not None:
        ranked = routing.model_suggestions(model, [case_routing_text(case, library, category)],
                                           limit=len(model.classes))[0]
        suggestions = [routing.Suggestion(s.department, s.confidence,
                                          found.get(s.department, (0.0, ()))[1])
                       for s in ranked[:3]]
        # The keyword library's own first choice is always among the three shown, so a
        # dispatcher can pick it with one click even when the model ranks it low.
        if rules and rules[0].department not in {s.department for s in suggestions}:
            own = next((s for s in ranked if s.department == rules[0].department), None)
            suggestions[-1] = routing.Suggestion(rules[0].department,
                                                 own.confidence if own else 0.0,
                                                 rules[0].keywords)
        # Evidence against the model (the report names other units' duties, none of the
        # chosen unit's, and it is not the category's unit) holds the case for a person.
        top = suggestions[0].department
        conflict = bool(found) and top not in found and (lead is None or lead.code != top)
        threshold = routing.auto_threshold(model)
        version = f"routing-{model.meta.get('trained_at', '')}"
    else:
        suggestions, threshold, version = rules, routing.NEVER, "rules"
    chosen = suggestions[0].department if suggestions else None
    # Co-handlers: other units whose own duty keywords the report names.
    co = [code for code, _score in sorted(found.items(), key=lambda kv: -kv[1][0])
          if code != chosen][:MAX_CO_HANDLERS]
    words = sorted({w for _, hit in found.values() for w in hit})
    return Routing(suggestions, co, words, threshold, version, conflict)


def area_of(case: Case, chosen: CategoryChoice) -> AreaRoute | None:
    """The responsibility area (road segment, compound, police block) whose unit answers for
    this category here, on the day the case was reported (tongxin.areas)."""
    category = chosen.for_routing
    return area_route(lat=case.lat, lng=case.lng, on=timezone.localdate(case.created_at),
                      category_id=category.pk if category else None)


def led_by_area(plan: Routing, by_area: AreaRoute, chosen: CategoryChoice) -> Routing:
    """The area's unit first. Its confidence is the category's: the area rule itself is
    certain, so a person's category (1.0) or a clear suggestion dispatches automatically."""
    code = by_area.department.code
    if chosen.category is None:
        confidence = 0.0  # an area for every category, and no category: a person decides
    else:
        confidence = 1.0 if not chosen.suggested else float(chosen.confidence or 0.0)
    lead = routing.Suggestion(code, round(confidence, 4), ())
    rest = [s for s in plan.suggestions if s.department != code][:2]
    return replace(plan, suggestions=[lead, *rest], threshold=CATEGORY_ON_CASE,
                   co_handlers=[c for c in plan.co_handlers if c != code], conflict=False,
                   model_version=f"{plan.model_version}+area")


def similar_cases(case: Case) -> list[dict[str, Any]]:
    return [{"case_id": c.case_id, "number": c.number, "score": round(float(c.score), 4),
             "reasons": list(c.reasons)} for c in find_duplicates(case, limit=5)]


# ---------------------------------------------------------------- the decision


def triage_case(*, case_id: int, now: datetime | None = None,
                auto_dispatch: bool = True) -> TriageResult | None:
    """Triage one case once. Returns None if it is no longer waiting for triage.
    `auto_dispatch` False: suggestions only, the case goes to adjudication whatever the
    confidence (the demo replaying what people did; settings can switch it off globally)."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            return _triage_locked(case_id, now, auto_dispatch)
    except Exception as exc:  # any failure: the report stays for a human, never lost
        log.exception("triage of case %s failed", case_id)
        return _record_failure(case_id, now, exc)


def _triage_locked(case_id: int, now: datetime, auto_dispatch: bool) -> TriageResult | None:
    case = (Case.objects.select_for_update(of=("self",)).select_related("category", "street",
                                                                         "district")
            .filter(pk=case_id, status=Status.REPORTED, triage__isnull=True).first())
    if case is None:
        return None
    chosen = choose_category(case)
    # The time-limit policy only follows a category the case has or will be given.
    ruling = case.category or chosen.for_case
    policy = ruling.effective_policy() if ruling else None
    verdict = urgency.judge(case_text(case), category_policy=policy.name if policy else None)
    plan = route(case, chosen.for_routing)
    by_area = area_of(case, chosen)
    if by_area is not None:
        plan = led_by_area(plan, by_area, chosen)
    departments = Department.objects.in_bulk(
        [s.department for s in plan.suggestions] + plan.co_handlers, field_name="code")
    suggestions = [s for s in plan.suggestions if s.department in departments]
    store_vector(case)  # the text index, once per report (tongxin.triage.textindex)
    duplicates = similar_cases(case)
    top = suggestions[0] if suggestions else None
    result = TriageResult.objects.create(
        case=case, created_at=now, decision=Decision.ADJUDICATE, category=chosen.category,
        category_suggested=chosen.suggested, category_confidence=chosen.confidence,
        lead_department=departments[top.department] if top else None,
        confidence=top.confidence if top else 0.0, threshold=plan.threshold,
        suggestions=[_suggestion_json(s, departments[s.department], by_area)
                     for s in suggestions],
        keywords=plan.keywords, urgent=verdict.urgent, urgency_reason=verdict.reason,
        duplicates=duplicates, model_version=plan.model_version,
    )
    co = [departments[c] for c in plan.co_handlers if c in departments]
    result.co_departments.set(co)
    register = ActionInput(urgency=Urgency.URGENT if verdict.urgent else "")
    details = {"auto": True, "triage": True}
    system_act(case_id=case.pk, action="register", data=register, details=details, at=now)
    held = hold_reasons(case)
    if (not held and auto_dispatch and _may_dispatch(result, top, duplicates)
            and not plan.conflict and result.lead_department is not None):
        system_act(
            case_id=case.pk, action="dispatch", at=now,
            data=ActionInput(lead_department=result.lead_department, co_departments=co,
                             category=chosen.for_case,
                             note=by_area.reason if by_area is not None else ""),
            details={**details, "confidence": result.confidence, "threshold": plan.threshold},
        )
        result.decision = Decision.AUTO
        result.save(update_fields=["decision"])
    else:
        result.reason = held[0] if held else _adjudication_note(result, duplicates, plan,
                                                                auto_dispatch)
        result.save(update_fields=["reason"])
        system_act(case_id=case.pk, action="adjudicate", at=now,
                   data=ActionInput(note=result.reason),
                   details={**details, "confidence": result.confidence})
    return result


# Reports written by the platform from a device's message, not by a person.
DEVICE_CHANNELS = frozenset({Channel.IOT, Channel.VIDEO})


def hold_reasons(case: Case) -> list[str]:
    """Why this case waits for a person whatever the model's confidence: its text is not a
    real report (tongxin.triage.quality; a person's text only), or its place is outside the
    jurisdiction (非本辖区: a dispatcher rejects it or passes it on; no unit of this district
    is the answer)."""
    reasons = []
    if case.outside_jurisdiction:
        reasons.append(_("Smart triage: the place is outside the jurisdiction (非本辖区); "
                         "please reject the case or pass it on."))
    if case.channel in DEVICE_CHANNELS:
        return reasons  # a device's alarm text is made by us, codes and times by design
    words = {
        "too_short": _("the text is too short to route"),
        "repetitive": _("the text repeats itself"),
        "not_words": _("the text is mostly digits or symbols"),
    }
    found = quality.problems(case_text(case))
    if found:
        reasons.append(_("Smart triage: this does not read like a report (%(why)s); "
                         "please check it.") % {"why": "; ".join(str(words[p]) for p in found)})
    return reasons


def _may_dispatch(result: TriageResult, top: routing.Suggestion | None,
                  duplicates: list[dict[str, Any]]) -> bool:
    if not getattr(settings, "TONGXIN_TRIAGE_AUTO_DISPATCH", True) or top is None:
        return False
    if any(d["score"] >= DUPLICATE_HOLD for d in duplicates):
        return False
    return top.confidence >= result.threshold


def _adjudication_note(result: TriageResult, duplicates: list[dict[str, Any]],
                       plan: Routing, auto_dispatch: bool = True) -> str:
    if any(d["score"] >= DUPLICATE_HOLD for d in duplicates):
        return _("Smart triage: a very similar case exists; check for a duplicate first.")
    if not result.suggestions:
        return _("Smart triage: no unit could be suggested; please choose one.")
    if not auto_dispatch or not getattr(settings, "TONGXIN_TRIAGE_AUTO_DISPATCH", True):
        return _("Smart triage: automatic dispatch is off, so a person chooses the unit; "
                 "please check the suggestions.")
    if plan.conflict and result.confidence >= result.threshold:
        return _("Smart triage: the report names duties of other units than the one the "
                 "model chose; please check the suggestions.")
    if result.threshold > 1:
        return _("Smart triage: no trained routing model yet, so nothing is dispatched "
                 "automatically; please check the suggestions.")
    return _("Smart triage: confidence %(confidence).0f%% is below the %(threshold).0f%% "
             "needed for automatic dispatch; please check the suggestions.") % {
        "confidence": result.confidence * 100, "threshold": min(result.threshold, 1.0) * 100}


def _suggestion_json(s: routing.Suggestion, department: Department,
                     by_area: AreaRoute | None = None) -> dict[str, Any]:
    row = {"department": department.pk, "code": department.code, "name": str(department),
           "confidence": s.confidence, "keywords": list(s.keywords)}
    if by_area is not None and by_area.department.code == department.code:
        row |= {"area": by_area.area.code, "reason": by_area.reason}
    return row


def _record_failure(case_id: int, now: datetime, exc: Exception) -> TriageResult | None:
    # Written in its own transaction so the worker does not retry a broken case every round;
    # a dispatcher sees the error on the case page and handles the case by hand.
    try:
        result, _created = TriageResult.objects.get_or_create(
            case_id=case_id,
            defaults={"created_at": now, "decision": Decision.FAILED,
                      "error": f"{type(exc).__name__}: {exc}"[:2000]},
        )
        return result
    except Exception:
        log.exception("could not record the triage failure of case %s", case_id)
        return None


# ---------------------------------------------------------------- worker job


def triage_new_cases(*, limit: int = 200, now: datetime | None = None) -> dict[str, int]:
    """Triage the cases still waiting; old reports (before triage ran) are left to people."""
    now = now or timezone.now()
    max_age = timedelta(hours=float(getattr(settings, "TONGXIN_TRIAGE_MAX_AGE_HOURS", 24)))
    pending = list(
        Case.objects.filter(status=Status.REPORTED, triage__isnull=True,
                            created_at__gte=now - max_age)
        .order_by("created_at", "pk").values_list("pk", flat=True)[:limit]
    )
    return triage_cases(case_ids=pending, now=now)


def triage_cases(*, case_ids: Sequence[int], now: datetime | None = None,
                 auto_dispatch: bool = True) -> dict[str, int]:
    """Triage these cases (each once, in its own transaction) whatever their age: the
    worker's round, and a bulk import right after it stored its rows (imported reports are
    often older than the worker's window, yet the 研判中 queue needs their suggestions).
    Returns how many were dispatched, adjudicated and failed."""
    now = now or timezone.now()
    counts = {"auto": 0, "adjudicate": 0, "failed": 0}
    for pk in case_ids:
        result = triage_case(case_id=pk, now=now, auto_dispatch=auto_dispatch)
        if result is not None:
            counts[result.decision] += 1
    return counts


# ---------------------------------------------------------------- corrections


def record_corrections(items: Sequence[Recorded]) -> None:
    """Bus subscriber: a person dispatched (or reassigned) to another unit than triage
    suggested; the next `train --routing` learns from it."""
    rows = []
    for item in items:
        case, event = item.case, item.event
        if event.actor_id is None or case.lead_department_id is None:
            continue
        try:
            result = case.triage
        except ObjectDoesNotExist:
            continue
        if result.lead_department_id != case.lead_department_id:
            rows.append(RoutingCorrection(
                case=case, suggested_id=result.lead_department_id,
                chosen_id=case.lead_department_id, actor_id=event.actor_id, at=event.at,
                text=case_routing_text(case)))
    if rows:
        RoutingCorrection.objects.bulk_create(rows)
