"""The 12345 operator console: one screen, keyboard first. The page is a shell; the data
comes from /api/v1 (cases, hotline/*) as the operator types."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tongxin.accounts.access import has_permission, is_citizen_only
from tongxin.accounts.http import AuthenticatedHttpRequest
from tongxin.accounts.permissions import CREATE
from tongxin.org.models import Category
from tongxin.regions.models import Level, Region
from tongxin.workbench.context import Navigation


def _strings() -> dict[str, str]:
    return {
        "no_history": _("No earlier cases from this number."),
        "no_similar": _("No similar open case."),
        "no_answers": _("No matching answer in the knowledge base."),
        "same_issue": _("Same issue: add this call"),
        "answered": _("Answered: close the call"),
        "linked": _("Call added to case %(number)s."),
        "created": _("Case %(number)s recorded."),
        "closed": _("Consultation %(number)s answered and closed."),
        "need_title": _("Enter what the caller wants (summary)."),
        "owner": _("Kept by %(dept)s, updated %(date)s"),
        "error": _("Something went wrong. Please try again."),
    }


@login_required
def console(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if is_citizen_only(user) or not has_permission(user, CREATE):
        raise PermissionDenied(_("The hotline console is for hotline staff."))
    regions = Region.objects.filter(level__in=[Level.STREET, Level.COMMUNITY]).order_by("path")
    categories = Category.objects.filter(is_active=True).order_by("code")
    return render(request, "hotline/console.html", {
        "nav": Navigation(user), "active_page": "hotline", "regions": regions,
        "categories": categories, "js_strings": _strings(),
    })
