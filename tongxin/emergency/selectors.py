"""Reads of emergency command. Incidents are seen through their case (the cases' one
jurisdiction filter); plans and resources are the district's, for the roles that hold
`emergency.view`."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.accounts.access import has_permission
from tongxin.accounts.models import User
from tongxin.accounts.permissions import EMERGENCY_VIEW
from tongxin.cases.selectors import visible_cases
from tongxin.cases.workflow import Kind
from tongxin.core.errors import ValidationFailed

from .models import (
    LEVEL_NAMES,
    Expert,
    Incident,
    IncidentStep,
    Plan,
    PlanVersion,
    StepStatus,
    StockItem,
    StockMove,
    Team,
    TeamStatus,
    Warehouse,
)

KINDS = ("team", "warehouse", "expert")


class BadQuery(ValidationFailed):
    """A query the API answers with 400 and this message (not a schema's 422)."""

    status_code = 400
EARTH_M = 6_371_000.0


def sees_emergency(user: User) -> bool:
    return has_permission(user, EMERGENCY_VIEW)


def plans() -> list[dict]:
    """Active plans, each on its latest version, with its levels and their steps' count."""
    out = []
    versions: dict[int, PlanVersion] = {}
    for v in PlanVersion.objects.filter(plan__active=True).order_by("plan_id", "-number"):
        versions.setdefault(v.plan_id, v)
    levels: dict[int, list] = {}
    for v in versions.values():
        levels[v.pk] = list(v.levels.order_by("-level").prefetch_related("steps"))
    for plan in Plan.objects.filter(pk__in=list(versions)).order_by("name"):
        v = versions[plan.pk]
        out.append({
            "id": plan.pk, "name": plan.name, "event_class": plan.event_class,
            "version": v.number,
            "levels": [{
                "level": lv.level, "name": LEVEL_NAMES[lv.level],
                "steps": len(lv.steps.all()),
                "trigger": {"category": lv.trigger_category_id, "keywords": lv.trigger_keywords,
                            "similar_cases": lv.trigger_similar_cases,
                            "window_hours": lv.trigger_window_hours,
                            "sensor_alarm": lv.trigger_sensor_alarm},
            } for lv in levels[v.pk]],
        })
    return out


def visible_incidents(user: User, *, case_id: int | None = None) -> QuerySet[Incident]:
    qs = Incident.objects.filter(case__in=visible_cases(user).values("pk")).select_related(
        "case", "plan_version__plan")
    if case_id is not None:
        qs = qs.filter(case_id=case_id)
    return qs


def step_state(row: IncidentStep, now: datetime) -> dict:
    task = row.task
    if row.status == StepStatus.CANCELLED:
        status, done_at = "cancelled", None
    elif task is not None and task.kind == Kind.CLOSED:
        status, done_at = "done", task.closed_at
    else:
        status, done_at = "open", None
    deadline = task.finish_deadline if task is not None else row.due_at
    late = status != "cancelled" and deadline is not None and (done_at or now) > deadline
    return {
        "id": row.pk, "unit": row.step.department.name, "unit_code": row.step.department.code,
        "action": row.step.action, "level": row.step.plan_level.level,
        "offset_minutes": row.step.offset_minutes, "status": status, "late": late,
        "task": task.number if task else None, "task_id": task.pk if task else None,
        "task_status": task.status if task else None,
        "deadline": timezone.localtime(deadline).isoformat() if deadline else None,
        "done_at": timezone.localtime(done_at).isoformat() if done_at else None,
        # A drill compares each step's time with the plan's.
        "minutes_vs_plan": round((done_at - deadline).total_seconds() / 60)
        if done_at and deadline else None,
    }


def incident_dict(incident: Incident, now: datetime | None = None) -> dict:
    now = now or timezone.now()
    steps = [step_state(r, now) for r in incident.steps.select_related(
        "task", "step__department", "step__plan_level")]
    moves = incident.stock_moves.select_related("stock__item", "stock__warehouse")
    return {
        "id": incident.pk, "case_id": incident.case_id, "case": incident.case.number,
        "plan": incident.plan_version.plan_id, "plan_name": incident.plan_version.plan.name,
        "version": incident.plan_version.number, "level": incident.level,
        "level_name": LEVEL_NAMES[incident.level], "drill": incident.drill,
        "status": incident.status,
        "started_at": timezone.localtime(incident.started_at).isoformat(),
        "closed_at": timezone.localtime(incident.closed_at).isoformat()
        if incident.closed_at else None,
        "report": incident.report,
        "revision_case": incident.revision_case.number if incident.revision_case else None,
        "steps": steps,
        "done": sum(s["status"] == "done" for s in steps),
        "late": sum(s["late"] for s in steps),
        "resources": {
            "teams": [{"id": t.pk, "name": t.name, "speciality": t.speciality,
                       "released": c.released_at is not None}
                      for c in incident.commitments.filter(team__isnull=False)
                      .select_related("team") if (t := c.team) is not None],
            "experts": [{"id": x.pk, "name": x.name, "field": x.field,
                         "released": c.released_at is not None}
                        for c in incident.commitments.filter(expert__isnull=False)
                        .select_related("expert") if (x := c.expert) is not None],
            "stock": [{"warehouse": m.stock.warehouse.name, "item": m.stock.item.name,
                       "quantity": -m.delta, "unit": m.stock.item.unit} for m in moves
                      if m.kind == "issue"],
        },
    }


def timeline(incident: Incident) -> list:
    """The incident's timeline: the trail of the case it started from, from the start on."""
    return list(incident.case.events.filter(at__gte=incident.started_at)
                .select_related("actor").order_by("at", "pk"))


# ---------------------------------------------------------------- nearest resources


@dataclass(frozen=True)
class Where:
    lat: float
    lng: float


def parse_point(lat: str | float | None, lng: str | float | None) -> Where:
    try:
        la, ln = float(lat), float(lng)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise BadQuery(_("Give lat and lng as decimal degrees.")) from None
    if not (-90 <= la <= 90 and -180 <= ln <= 180) or math.isnan(la) or math.isnan(ln):
        raise BadQuery(_("lat must lie in −90…90 and lng in −180…180."))
    return Where(la, ln)


def metres(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_M * math.asin(min(1.0, math.sqrt(a)))


def nearest(*, lat: float, lng: float, kind: str, need: str = "", limit: int = 10) -> list[dict]:
    """Resources of `kind` ranked for a place: teams of the speciality, available first, then
    by distance; warehouses holding the needed item (by catalogue code or name) with their
    quantity, by distance; experts of the field, available first."""
    if kind not in KINDS:
        raise BadQuery(_("kind must be team, warehouse or expert."))
    need = need.strip()
    rows: list[dict] = []
    if kind == "team":
        qs = Team.objects.exclude(status=TeamStatus.OFF_DUTY)
        if need:
            qs = qs.filter(speciality__icontains=need)
        for pk, name, la, ln, spec, members, status in qs.values_list(
                "pk", "name", "lat", "lng", "speciality", "members", "status").iterator(2000):
            rows.append({"id": pk, "name": name, "lat": la, "lng": ln, "speciality": spec,
                         "members": members, "status": status,
                         "available": status == TeamStatus.AVAILABLE})
    elif kind == "expert":
        eqs = Expert.objects.all()
        if need:
            eqs = eqs.filter(field__icontains=need)
        for pk, name, la, ln, field, available in eqs.values_list(
                "pk", "name", "lat", "lng", "field", "available").iterator(2000):
            rows.append({"id": pk, "name": name, "lat": la, "lng": ln, "field": field,
                         "available": available})
    else:
        sqs = StockItem.objects.filter(quantity__gt=0)
        if need:
            sqs = sqs.filter(item__code=need) | sqs.filter(item__name__icontains=need)
        for pk, wid, name, la, ln, item, qty, unit in sqs.values_list(
                "pk", "warehouse_id", "warehouse__name", "warehouse__lat", "warehouse__lng",
                "item__name", "quantity", "item__unit").iterator(2000):
            rows.append({"id": wid, "stock_id": pk, "name": name, "lat": la, "lng": ln,
                         "item": item, "quantity": qty, "unit": unit, "available": True})
    for row in rows:
        row["distance_m"] = round(metres(lat, lng, row["lat"], row["lng"]))
    rows.sort(key=lambda r: (not r["available"], r["distance_m"]))
    return rows[:limit]


def warehouses() -> QuerySet[Warehouse]:
    return Warehouse.objects.prefetch_related("stock__item").order_by("name")


def ledger(warehouse: Warehouse, limit: int = 100) -> QuerySet[StockMove]:
    return (StockMove.objects.filter(stock__warehouse=warehouse)
            .select_related("stock__item", "actor").order_by("-at", "-pk")[:limit])


def low_stock() -> QuerySet[StockItem]:
    from django.db.models import F

    return StockItem.objects.filter(quantity__lt=F("min_level")).select_related(
        "warehouse", "item")
