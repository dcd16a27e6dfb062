"""Pages of emergency command (应急指挥): the home page (active incidents, plans, stock below
its minimum, a drill form), the incident board (steps done and late, resources committed,
the nearest teams, experts and stock to commit or issue, the level, closing with the
report, the timeline) and the resources list with each warehouse's ledger.

A plan is started from the case page (the workbench's `start_plan` action form) or, for a
drill, here. Every form posts to `tongxin.emergency.services`; a refusal is a message with
a 4xx status, never an error page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.accounts.access import has_permission
from tongxin.accounts.http import AuthenticatedHttpRequest
from tongxin.accounts.permissions import EMERGENCY_COMMAND
from tongxin.core.errors import PermissionDenied, ValidationFailed

from . import selectors
from . import services as e
from .models import LEVEL_NAMES, Expert, Incident, IncidentStatus, Plan, Shelter, Team, Warehouse


def _staff(request: AuthenticatedHttpRequest) -> None:
    if not selectors.sees_emergency(request.user):
        raise DjangoPermissionDenied(_("Your roles do not include emergency command."))


def _incident(request: AuthenticatedHttpRequest, pk: int) -> Incident:
    incident = selectors.visible_incidents(request.user).filter(pk=pk).first()
    if incident is None:
        raise Http404
    return incident


def _int(request, name: str) -> int:
    value = request.POST.get(name, "").strip()
    if not value.isdigit():
        raise ValidationFailed(_("Please choose or enter a whole number."))
    return int(value)


def _float(request, name: str) -> float:
    try:
        return float(request.POST.get(name, ""))
    except ValueError:
        raise ValidationFailed(_("Give the place as decimal degrees.")) from None


@login_required
def home(request: AuthenticatedHttpRequest):
    _staff(request)
    incidents = selectors.visible_incidents(request.user).order_by("-started_at")
    return render(request, "emergency/home.html", {
        "active": incidents.filter(status=IncidentStatus.ACTIVE)[:50],
        "closed": incidents.filter(status=IncidentStatus.CLOSED)[:20],
        "plans": selectors.plans(), "plan_rows": Plan.objects.filter(active=True),
        "levels": LEVEL_NAMES.items(), "low": selectors.low_stock()[:50],
        "commands": has_permission(request.user, EMERGENCY_COMMAND),
        "active_page": "emergency"})


def _board(request: AuthenticatedHttpRequest, incident: Incident, status: int = 200):
    now = timezone.now()
    data = selectors.incident_dict(incident, now)
    case = incident.case
    lat, lng = case.lat, case.lng
    near: dict[str, list] = {"team": [], "warehouse": [], "expert": []}
    if lat is not None and lng is not None:
        need = request.GET.get("need", "")
        for kind in near:
            near[kind] = selectors.nearest(lat=lat, lng=lng, kind=kind,
                                           need=need if kind == "warehouse" else "", limit=8)
    return render(request, "emergency/board.html", {
        "incident": incident, "board": data, "near": near, "levels": LEVEL_NAMES.items(),
        "timeline": selectors.timeline(incident),
        "commands": has_permission(request.user, EMERGENCY_COMMAND)
        and incident.status == IncidentStatus.ACTIVE,
        "active_page": "emergency"}, status=status)


@login_required
def board(request: AuthenticatedHttpRequest, pk: int):
    _staff(request)
    return _board(request, _incident(request, pk))


@login_required
def resources(request: AuthenticatedHttpRequest):
    _staff(request)
    chosen = request.GET.get("warehouse", "")
    warehouse = Warehouse.objects.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    return render(request, "emergency/resources.html", {
        "warehouses": selectors.warehouses(), "teams": Team.objects.all(),
        "experts": Expert.objects.all(), "shelters": Shelter.objects.all(),
        "warehouse": warehouse, "ledger": selectors.ledger(warehouse) if warehouse else [],
        "active_page": "emergency"})


def _commit_team(request, i: Incident, now: datetime) -> str:
    e.commit_team(incident_id=i.pk, actor=request.user, team_id=_int(request, "team"), at=now)
    return _("The team is committed.")


def _commit_expert(request, i: Incident, now: datetime) -> str:
    e.commit_expert(incident_id=i.pk, actor=request.user, expert_id=_int(request, "expert"),
                    at=now)
    return _("The expert is committed.")


def _issue(request, i: Incident, now: datetime) -> str:
    e.issue_stock(incident_id=i.pk, actor=request.user, stock_id=_int(request, "stock"),
                  quantity=_int(request, "quantity"), at=now)
    return _("The stock is issued.")


def _level(request, i: Incident, now: datetime) -> str:
    e.change_level(incident_id=i.pk, actor=request.user, level=_int(request, "level"), at=now)
    return _("The level is changed.")


def _close(request, i: Incident, now: datetime) -> str:
    e.close_incident(incident_id=i.pk, actor=request.user,
                     report=request.POST.get("report", ""), at=now)
    return _("The incident is closed.")


STEPS: dict[str, Callable[..., str]] = {
    "team": _commit_team, "expert": _commit_expert, "issue": _issue, "level": _level,
    "close": _close,
}


@login_required
@require_POST
def step(request: AuthenticatedHttpRequest, pk: int, name: str):
    _staff(request)
    if name not in STEPS:
        raise Http404
    incident = _incident(request, pk)
    try:
        done = STEPS[name](request, incident, timezone.now())
    except Incident.DoesNotExist:
        raise Http404 from None
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return _board(request, _incident(request, pk), status=403)
    except ValidationFailed as exc:
        messages.error(request, str(exc))
        return _board(request, _incident(request, pk), status=400)
    messages.success(request, done)
    return redirect("emergency:board", pk=pk)


@login_required
@require_POST
def drill(request: AuthenticatedHttpRequest):
    _staff(request)
    try:
        incident = e.start_drill(actor=request.user, plan_id=_int(request, "plan"),
                                 level=_int(request, "level"), lat=_float(request, "lat"),
                                 lng=_float(request, "lng"))
    except (PermissionDenied, ValidationFailed) as exc:
        messages.error(request, str(exc))
        return redirect("emergency:home")
    messages.success(request, _("The drill has started."))
    return redirect("emergency:board", pk=incident.pk)
