"""Building blocks shared by the page views: the case page's context and htmx detection."""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from tongxin.accounts.access import has_permission
from tongxin.accounts.models import User
from tongxin.accounts.permissions import BASE_VIEW
from tongxin.basedata.selectors import place_file
from tongxin.cases.models import Case
from tongxin.cases.selectors import available_actions, nearby_open_cases, timeline
from tongxin.cases.services import rework_limit
from tongxin.emergency.triggers import Proposal, propose
from tongxin.mediation.models import DisputeType
from tongxin.mediation.offers import dispute_type, offered_to
from tongxin.mediation.selectors import dispute_link
from tongxin.security.personal import may_reveal, reporter_fields, scrub_text
from tongxin.triage.selectors import panel as triage_panel
from tongxin.triage.similar import similar_panel

from .action_forms import ActionForm, action_form


def is_htmx_partial(request: HttpRequest) -> bool:
    # A history-restore request after a cache miss wants the whole page back.
    return (request.headers.get("HX-Request") == "true"
            and request.headers.get("HX-History-Restore-Request") != "true")


def vary_on_htmx(response: HttpResponse) -> HttpResponse:
    # The same URL answers with a fragment or a page; caches must keep them apart.
    patch_vary_headers(response, ("HX-Request",))
    return response


def reporter_of(request: HttpRequest, case: Case, *, reveal: bool = False) -> dict:
    """Masked by default; revealed (and audited) only when the user pressed the button."""
    fields = reporter_fields(request.user, case, reveal=reveal, request=request)
    return {"name": fields["reporter_name"], "phone": fields["reporter_phone"],
            "email": fields["reporter_email"], "id_number": fields["reporter_id_number"],
            "address": fields["address"], "masked": fields["masked"]}


def action_forms_for(user, case: Case, failed: ActionForm | None = None) -> list[ActionForm]:
    """One blank form per action the user may take now; a form that failed keeps its input."""
    forms = []
    for row in available_actions(user, case, rework_limit=rework_limit()):
        if failed is not None and failed.action == row.action:
            forms.append(failed)
        else:
            forms.append(action_form(row.action, case=case, user=user))
    return forms


def place_panel(user: User, case: Case) -> dict | None:
    """What stands at the case's place (tongxin.basedata), for staff who see base data."""
    if not has_permission(user, BASE_VIEW):
        return None
    return {**place_file(case, user, now=timezone.now()),
            "can_link": has_permission(user, "cases.dispatch")}


def place_map(user: User, case: Case) -> dict | None:
    """The case page's small map: the point, the grid's outline and open cases nearby
    (titles masked as on the command-center map)."""
    if case.lat is None or case.lng is None:
        return None
    grid = case.grid if case.grid_id else None
    outline = ({"type": "Feature", "geometry": grid.geometry, "properties": {"name": grid.name}}
               if grid is not None and grid.geometry else None)
    return {
        "point": {"lat": case.lat, "lng": case.lng, "number": case.number},
        "grid": outline,
        "nearby": [{"number": r["number"], "title": scrub_text(r["title"]), "lat": r["lat"],
                    "lng": r["lng"], "warning": r["warning"],
                    "url": reverse("workbench:case", args=[r["pk"]])}
                   for r in nearby_open_cases(user, case)],
    }


def mediation_offer(case: Case, forms: list[ActionForm]) -> dict | None:
    """A 110 dispute offered to the mediation centre, shown to whoever may transfer it."""
    if not any(form.action == "transfer_to_mediation" for form in forms):
        return None
    org = offered_to(case)
    return ({"org": org, "type": DisputeType(dispute_type(case)).label}
            if org is not None else None)


def plan_proposals(case: Case, forms: list[ActionForm]) -> list[Proposal]:
    """预案研判, for whoever may start a plan on the case: the start form comes pre-set to
    the first proposal (the commander still decides)."""
    form = next((f for f in forms if f.action == "start_plan"), None)
    if form is None:
        return []
    proposals = propose(case)
    if proposals and not form.is_bound:
        form.initial = {**form.initial, "plan": proposals[0].plan_id,
                        "level": proposals[0].level}
    return proposals


def render_case(request: HttpRequest, case: Case, *, failed: ActionForm | None = None,
                error: str = "", status: int = 200, reveal: bool = False) -> HttpResponse:
    events = list(timeline(case))
    forms = action_forms_for(request.user, case, failed)
    context = {
        "case": case,
        "co_departments": list(case.co_departments.all()),
        "reporter": reporter_of(request, case, reveal=reveal),
        "can_reveal": may_reveal(request.user, case),
        # Photos sent with the report; later ones show beside their timeline step.
        "attachments": [a for a in case.attachments.select_related("event")
                        if a.event is None or a.event.action == "report"],
        "events": events,
        "action_forms": forms,
        "open_action": failed.action if failed is not None else "",
        "action_error": error,
        # Only logged-in users reach the case page (login_required on every view).
        "similar": similar_panel(cast(User, request.user), case),
        "triage": triage_panel(case),
        "place_file": place_panel(cast(User, request.user), case),
        "place_map": place_map(cast(User, request.user), case),
        "dispute_url": dispute_link(cast(User, request.user), case),
        "mediation_offer": mediation_offer(case, forms),
        "plan_proposals": plan_proposals(case, forms),
    }
    response = render(request, "workbench/case_detail.html", context, status=status)
    if reveal:
        response["Cache-Control"] = "no-store"
    return response
