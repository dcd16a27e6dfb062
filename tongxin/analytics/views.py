"""The command center (一张图): map, dashboard, big screen, analytics page and their JSON.

Pages render a shell; static/analytics/*.js fetch the JSON endpoints named in data-*
attributes (no inline scripts: strict CSP). Every endpoint reads through the jurisdiction
filter (scope.py / geo.py), so a street dispatcher sees that street only.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.accounts.access import is_citizen_only
from tongxin.accounts.http import AuthenticatedHttpRequest
from tongxin.areas.selectors import map_areas
from tongxin.basedata.selectors import map_objects
from tongxin.cases.models import Channel, Status
from tongxin.org.models import Category
from tongxin.regions.models import Level
from tongxin.sensing.selectors import map_devices

from . import dashboard, geo, hot, warnings
from .params import BadParameter, Params


def staff_only(view: Callable) -> Callable:
    """Signed-in staff only; citizens have their own portal. Bad parameters → 400 JSON."""
    @login_required
    @wraps(view)
    def wrapped(request: AuthenticatedHttpRequest, *args, **kwargs) -> HttpResponse:
        if is_citizen_only(request.user):
            return _refuse(request, _("The command center is for staff."), 403)
        try:
            return view(request, *args, **kwargs)
        except BadParameter as exc:
            return _refuse(request, str(exc), 400)
    return wrapped


def _refuse(request: HttpRequest, message: str, status: int) -> HttpResponse:
    if request.path.startswith("/analytics/api/"):
        return JsonResponse({"error": message}, status=status)
    return render(request, "analytics/refused.html", {"message": message, "status": status},
                  status=status)


def _options() -> dict:
    """Filter choices for the map and dashboard forms."""
    return {
        "categories": list(Category.objects.filter(level__lte=2).order_by("code")
                           .values("pk", "name", "level")),
        "statuses": [("open", _("All open"))] + [(v, str(lbl)) for v, lbl in Status.choices],
        "channels": [(v, str(lbl)) for v, lbl in Channel.choices],
    }


@staff_only
def dashboard_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "analytics/dashboard.html",
                  {"active_page": "dashboard", "periods": _period_choices(), "screen": False})


@staff_only
def screen_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "analytics/screen.html", {"periods": _period_choices(),
                                                      "screen": True})


@staff_only
def map_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    config = {
        "tileUrl": settings.TONGXIN_MAP_TILE_URL,
        "tileAttribution": settings.TONGXIN_MAP_TILE_ATTRIBUTION,
        "pointZoom": geo.POINT_ZOOM,
        "today": timezone.localdate().isoformat(),
    }
    return render(request, "analytics/map.html", {
        "active_page": "map", "config": config, **_options(),
    })


@staff_only
def insights_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "analytics/insights.html", {
        "active_page": "insights",
        "hot": hot.case_hot_issues(request.user),
        "trends": hot.trending_topics(request.user),
        "warnings": warnings.early_warnings(request.user),
    })


def _period_choices() -> list[tuple[str, str]]:
    labels = {"today": _("Today"), "week": _("This week"), "month": _("This month"),
              "year": _("This year")}
    return [(p, labels[p]) for p in dashboard.PERIODS]


# ---------------------------------------------------------------- JSON


def _json(payload: dict | list) -> JsonResponse:
    return JsonResponse(payload, safe=False, json_dumps_params={"ensure_ascii": False},
                        encoder=_Encoder)


class _Encoder(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, date):
            return o.isoformat()
        return super().default(o)


@staff_only
def dashboard_json(request: AuthenticatedHttpRequest) -> HttpResponse:
    p = Params(request.GET)
    period = p.choice("period", dashboard.PERIODS, default="month")
    return _json(dashboard.build(request.user, period=period, base=p.dashboard_filters()))


@staff_only
def regions_json(request: AuthenticatedHttpRequest) -> HttpResponse:
    level = Params(request.GET).choice("level", [lvl.value for lvl in Level], default="street")
    return _json(geo.regions_geojson(request.user, level))


@staff_only
def points_json(request: AuthenticatedHttpRequest) -> HttpResponse:
    p = Params(request.GET)
    return _json(geo.points(request.user, p.map_filters(), p.zoom(), p.bbox()))


@staff_only
def objects_json(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The map's layer of what stands in the grids (tongxin.basedata), the devices with
    their live state (tongxin.sensing) and the responsibility areas (tongxin.areas)."""
    box = Params(request.GET).bbox()
    return _json({**map_objects(request.user, box), "devices": map_devices(request.user, box),
                  "areas": map_areas(box, on=timezone.localdate())})


@staff_only
def hexes_json(request: AuthenticatedHttpRequest) -> HttpResponse:
    p = Params(request.GET)
    return _json(geo.hexes(request.user, p.map_filters(), p.zoom()))


@staff_only
def warnings_json(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _json({"warnings": warnings.early_warnings(request.user)})


@staff_only
def hot_json(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _json({"hot_issues": hot.case_hot_issues(request.user),
                  "trending": hot.trending_topics(request.user)})
