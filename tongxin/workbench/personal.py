"""Revealing a reporter's contact on the case page, and the case-list CSV export.

Both are audited actions (tongxin.security): the reveal through `reporter_fields`, the export
as one `export` row naming the filters and the number of rows.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tongxin.accounts.access import has_permission
from tongxin.accounts.http import AuthenticatedHttpRequest
from tongxin.accounts.permissions import EXPORT
from tongxin.cases.selectors import search_cases
from tongxin.security import audit
from tongxin.security.csvsafe import csv_response
from tongxin.security.models import Category
from tongxin.security.personal import may_reveal, reporter_fields

from .forms import CaseFilterForm
from .pages import render_case
from .queues import home_queue
from .views import visible_case_or_404

EXPORT_LIMIT = 10_000


@login_required
@require_POST
def case_reveal(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = visible_case_or_404(request.user, pk)
    if not may_reveal(request.user, case):
        raise PermissionDenied
    return render_case(request, case, reveal=True)


@login_required
@require_GET
def case_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not has_permission(request.user, EXPORT):
        raise PermissionDenied
    form = CaseFilterForm(request.GET or None, user=request.user)
    queue = request.GET.get("queue") or home_queue(request.user)
    cases = list(search_cases(request.user, form.search(default_queue=queue))[:EXPORT_LIMIT])
    header = [_("Case number"), _("Title"), _("Status"), _("Category"), _("Street"),
              _("Address"), _("Reporter name"), _("Reporter phone"), _("Reported at")]
    rows = []
    for case in cases:
        # Exports are always masked: a file leaves the system and its audit trail.
        person = reporter_fields(request.user, case)
        rows.append([case.number, case.title, case.get_status_display(),
                     case.category or "", case.street or "", person["address"],
                     person["reporter_name"], person["reporter_phone"],
                     timezone.localtime(case.created_at).strftime("%Y-%m-%d %H:%M")])
    audit.record(category=Category.EXPORT, action="export_cases", request=request,
                 object_type="cases.case",
                 detail={"rows": len(rows), "filters": request.GET.urlencode()[:500]})
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return csv_response(f"cases-{stamp}.csv", header, rows)
