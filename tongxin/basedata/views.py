"""Pages of the grid's base data: the grid profile (网格画像, the home of grid workers and
community leaders), a person's file (一人一档) with its versions, and the queue of changes
visits proposed, which the community administrator decides."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.accounts.http import AuthenticatedHttpRequest
from tongxin.accounts.permissions import BASE_DECIDE, BASE_REVEAL
from tongxin.cases.selectors import visible_cases
from tongxin.core.errors import TongxinError
from tongxin.regions.models import Region
from tongxin.workbench.pages import render_case

from . import selectors, services
from .access import base_filter, reaches, regions_with
from .models import ChangeProposal, Person, ProposalStatus


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The profile of the user's own (first) region: the grid of a grid worker, the
    community of a community leader."""
    regions = regions_with(request.user)
    if not regions:
        raise PermissionDenied(_("Your roles do not include the grid's base data."))
    return redirect("basedata:grid", code=regions[0].code)


@login_required
def grid(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    region = get_object_or_404(Region.objects.defer("geometry"), code=code)
    if not reaches(request.user, region.pk):
        raise PermissionDenied(_("This region is outside your jurisdiction."))
    now = timezone.now()
    people = selectors.people(request.user, grid=region).select_related("grid")
    return render(request, "basedata/grid.html", {
        "active_page": "basedata", "region": region,
        "profile": selectors.profile(region, now=now),
        "children": [r for r in Region.objects.defer("geometry").filter(parent=region)],
        "due": selectors.due_visits(request.user, now=now).filter(
            person__in=people)[:20],
        "people": [selectors.present_person(p, request.user)
                   for p in people.prefetch_related("enrollments__tag")[:50]],
        "pending": selectors.pending_proposals(request.user).count(),
        "now": now,
    })


def _person(request: AuthenticatedHttpRequest, pk: int) -> Person:
    found = base_filter(Person.objects.select_related("grid"), request.user).filter(pk=pk).first()
    if found is None:
        raise Http404(_("No such person in your jurisdiction."))
    return found


@login_required
def person(request: AuthenticatedHttpRequest, pk: int, revealed: dict | None = None,
           error: str = "") -> HttpResponse:
    found = _person(request, pk)
    return render(request, "basedata/person.html", {
        "active_page": "basedata", "person": found,
        "shown": selectors.present_person(found, request.user), "revealed": revealed,
        "may_reveal": reaches(request.user, found.grid_id, BASE_REVEAL),
        "may_decide": reaches(request.user, found.grid_id, BASE_DECIDE),
        "changes": [selectors.present_change(c, revealed=bool(revealed))
                    for c in found.changes.select_related("by")[:50]],
        "visits": found.visits.select_related("worker")[:20],
        "proposals": found.proposals.filter(status=ProposalStatus.PENDING),
        "error": error,
    })


@login_required
@require_POST
def reveal(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = _person(request, pk)
    try:
        values = services.reveal(actor=request.user, person=found,
                                 purpose=request.POST.get("purpose", ""), request=request)
    except TongxinError as exc:
        return person(request, pk, error=str(exc))
    return person(request, pk, revealed=values)


@login_required
def proposals(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "basedata/proposals.html", {
        "active_page": "basedata",
        "proposals": selectors.pending_proposals(request.user).select_related(
            "person", "visit__worker")[:100],
    })


@login_required
@require_POST
def decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    get_object_or_404(ChangeProposal, pk=pk)
    services.decide(actor=request.user, proposal_id=pk,
                    accept=request.POST.get("decision") == "accept")
    return redirect(request.POST.get("next") or "basedata:proposals")


@login_required
@require_POST
def link_case(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(visible_cases(request.user), pk=pk)
    try:
        services.link_case(actor=request.user, case=case, kind=request.POST.get("kind", ""),
                           value=request.POST.get("value", ""))
    except TongxinError as exc:
        return render_case(request, case, error=str(exc), status=400)
    return redirect(reverse("workbench:case", args=[case.pk]) + "#place")
