"""网格通, the grid worker's app: patrol, report, close on the spot, verify on site, visit
households. One page with sections; everything it sends goes through the outbox to the REST
API, so it keeps working without a connection."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.accounts.access import memberships_of
from tongxin.accounts.http import AuthenticatedHttpRequest
from tongxin.accounts.models import Role
from tongxin.basedata.models import CHANGE_FIELDS, Visit
from tongxin.basedata.selectors import due_for_worker
from tongxin.cases.models import Channel, Status
from tongxin.cases.selectors import visible_cases
from tongxin.portal import pwa

from .models import Patrol

APP = pwa.PwaApp(
    slug="field", name=gettext_lazy("Tongxin · Grid work"), short_name="网格通",
    shell=("/field/",), assets=("js/field.js",),
)


def _strings() -> dict[str, str]:
    return {
        **pwa.common_strings(),
        "patrolling": _("On patrol since %(time)s · %(n)s track points"),
        "not_patrolling": _("No patrol running"),
        "report_sent": _("Report %(number)s received"),
        "report_queued": _("Saved on the phone; it will be sent when the connection returns."),
        "visit_sent": _("Visit recorded"),
        "need_text": _("Please describe the problem."),
        "need_note": _("Say what you did on the spot."),
        "verified": _("Verified"),
        "kind_report": _("Report"),
        "kind_visit": _("Household visit"),
        "kind_person_visit": _("Household visit"),
        "visit_queued": _("Visit saved on the phone; it will be sent when the connection returns."),
        "kind_patrol_start": _("Patrol start"),
        "kind_patrol_points": _("Track points"),
        "kind_patrol_stop": _("Patrol end"),
    }


def _ctx(**extra) -> dict:
    return APP.page(_strings(), **extra)


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    grids = [m.region for m in memberships_of(request.user)
             if m.role == Role.GRID_WORKER and m.region is not None]
    if not grids:
        raise PermissionDenied(_("This app is for grid workers."))
    to_verify = visible_cases(request.user).filter(status=Status.REPLIED).order_by("replied_at")
    mine = visible_cases(request.user).filter(channel=Channel.GRID).order_by("-created_at")[:10]
    grid = grids[0]
    return render(request, "fieldapp/home.html", _ctx(
        grid=grid, to_verify=to_verify[:30], mine=mine,
        patrols=Patrol.objects.filter(worker=request.user)[:5],
        due=due_for_worker(request.user, now=timezone.now()), change_fields=CHANGE_FIELDS,
        visits=Visit.objects.filter(worker=request.user).select_related("person")[:5],
        area=grid.geometry,
        center=pwa.center_of(grid),
    ))
