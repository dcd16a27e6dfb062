"""Assessment pages: scores and rankings (units, streets, grid workers) for a month, and the
periodic reports with their Excel and PDF downloads. Reads through scoring.selectors."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.accounts.http import AuthenticatedHttpRequest
from tongxin.accounts.models import User
from tongxin.core.dates import month_text
from tongxin.core.errors import PermissionDenied as DomainPermissionDenied
from tongxin.core.errors import ValidationFailed
from tongxin.core.sections import SectionLink, section_index
from tongxin.org.models import Department
from tongxin.regions.models import Region
from tongxin.security import audit
from tongxin.security.models import Category

from .metrics import METRICS, RATES, compute
from .models import PeerKind, PeerRating, ReportKind
from .peer import may_rate_peers, resolve
from .peer import targets as peer_targets
from .periods import aware, bounds, parse
from .reports.build import generate
from .reports.data import share
from .scores import unit_ranking, worker_ranking
from .selectors import cases_for, may_read, reports_for, user_regions
from .services import rate_peer


def _require(user: User) -> None:
    if not may_read(user):
        raise PermissionDenied


def _month(request) -> date:
    text = request.GET.get("month") or ""
    try:
        return parse(ReportKind.MONTHLY, text)[0]
    except ValueError:
        if text:
            messages.warning(request, _("Choose a month as YYYY-MM; showing this month."))
        return timezone.localdate().replace(day=1)


def _cells(row: dict) -> list[dict]:
    return [{"key": m.key, "value": row[m.key], "rate": m.key in RATES} for m in METRICS]


@login_required
def rankings(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require(request.user)
    first = _month(request)
    start, end = (aware(d) for d in bounds(ReportKind.MONTHLY, first))
    now = timezone.now()
    cases = cases_for(request.user)
    total = compute(cases, start=start, end=end, as_of=now)[0]
    units = unit_ranking(cases, start=start, end=end, as_of=now, month=first)
    streets = compute(cases, start=start, end=end, dimension="street", as_of=now)
    workers = worker_ranking(cases, start=start, end=end, month=first, as_of=now)
    names = {
        "unit": {d.pk: str(d) for d in Department.objects.filter(
            pk__in=[u["key"] for u in units])},
        "street": {r.pk: r.name for r in Region.objects.filter(
            pk__in=[s["key"] for s in streets if s["key"]]).defer("geometry")},
        "worker": {u.pk: str(u) for u in User.objects.filter(pk__in=[w["key"] for w in workers])},
    }
    context = {
        "month_value": month_text(first), "labels": [m.label for m in METRICS],
        "total": _cells(total), "active_page": "rankings",
        "units": [{**u, "name": names["unit"][u["key"]], "cells": _cells(u)} for u in units],
        "streets": [{"name": names["street"].get(s["key"], _("(no street)")),
                     "cells": _cells(s)} for s in streets],
        "workers": [{**w, "name": names["worker"][w["key"]],
                     "patrol_share": share(w["patrol_coverage"])} for w in workers],
    }
    return render(request, "scoring/rankings.html", context)


@login_required
def reports(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require(request.user)
    kind = request.GET.get("kind") or ""
    qs = reports_for(request.user)
    if kind in ReportKind.values:
        qs = qs.filter(kind=kind)
    context = {"reports": qs[:200], "kind": kind, "kinds": ReportKind.choices,
               "regions": user_regions(request.user), "active_page": "reports"}
    return render(request, "scoring/reports.html", context)


@login_required
def download(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> FileResponse:
    _require(request.user)
    report = reports_for(request.user).filter(pk=pk).first()
    if report is None or fmt not in ("xlsx", "pdf"):
        raise Http404
    file = report.xlsx if fmt == "xlsx" else report.pdf
    name = f"{report.kind}-{report.region.code}-{report.period_start}.{fmt}"
    # A report file leaves the system: who took which one is an audit row.
    audit.record(category=Category.EXPORT, action="export_report", request=request, obj=report,
                 detail={"format": fmt, "kind": report.kind, "region": report.region.code,
                         "period_start": str(report.period_start)})
    return FileResponse(file.open("rb"), as_attachment=True, filename=name)


@login_required
@require_POST
def generate_now(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The on-demand button: a report for one of the user's regions and a period."""
    _require(request.user)
    kind = request.POST.get("kind", "")
    regions = {str(r.pk): r for r in user_regions(request.user)}
    region = regions.get(request.POST.get("region", ""))
    try:
        if kind not in ReportKind.values or region is None:
            raise ValueError(_("Choose a kind of report and one of your regions."))
        start, _end = parse(kind, request.POST.get("period", ""))
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("scoring:reports")
    report = generate(kind=kind, region=region, start=start, actor=request.user)
    messages.success(request, _("%(report)s is ready.") % {"report": report})
    return redirect("scoring:reports")


@login_required
def peer(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The reverse evaluation: rate a grid, a community or a department for a month."""
    options = peer_targets(request.user)
    status = 200
    if request.method == "POST" and options:
        kind, (region, department) = request.POST.get("kind", ""), resolve(
            request.POST.get("target", ""))
        try:
            month = parse(ReportKind.MONTHLY, request.POST.get("month", ""))[0]
            score = int(request.POST.get("score", ""))
            rate_peer(actor=request.user, kind=kind, month=month, score=score, region=region,
                      department=department, comment=request.POST.get("comment", "")[:2000])
        except (ValueError, ValidationFailed, DomainPermissionDenied) as exc:
            messages.error(request, str(exc) if not isinstance(exc, ValueError)
                           else _("Choose a month as YYYY-MM and a score from 1 to 5."))
            status = 400
        else:
            messages.success(request, _("Thank you: your rating is recorded."))
            return redirect("scoring:peer")
    labels = dict(PeerKind.choices)
    context = {
        "options": [(kind, labels[kind], rows) for kind, rows in options.items()],
        "month_value": month_text(timezone.localdate()), "active_page": "peer",
        "mine": PeerRating.objects.filter(rater=request.user).select_related(
            "region", "department")[:24],
    }
    return render(request, "scoring/peer.html", context, status=status)


@login_required
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """考核评价: the section's pages the user may open."""
    links = []
    if may_read(request.user):
        links += [
            SectionLink(reverse("scoring:rankings"), _("Scores and rankings"),
                        _("The month's metrics and scores by unit, street and grid worker.")),
            SectionLink(reverse("scoring:reports"), _("Reports"),
                        _("Daily analyses, weekly summaries and monthly bulletins.")),
        ]
    if may_rate_peers(request.user):
        links.append(SectionLink(reverse("scoring:peer"), _("Reverse evaluation"),
                                 _("Rate the grid, community or department that serves you.")))
    return section_index(request, title=_("Assessment"), links=links, active_page="scoring")
