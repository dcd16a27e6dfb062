"""The party organisation page: the tree on the regions with secretaries and member counts,
the in-service members who reported (双报到) and their grids, and the quarterly sheet per
employer as an Excel download."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.accounts.http import AuthenticatedHttpRequest
from tongxin.core.errors import ValidationFailed
from tongxin.org.models import Department

from . import selectors
from .models import MemberKind, PartyMember
from .sheets import quarterly_workbook


def _staff(request: AuthenticatedHttpRequest) -> None:
    if not selectors.sees_party(request.user):
        raise DjangoPermissionDenied(_("Your roles do not include the party organisation."))


def _employers():
    ids = PartyMember.objects.filter(kind=MemberKind.IN_SERVICE).values("employer_id")
    return Department.objects.filter(pk__in=ids).order_by("name")


@login_required
def home(request: AuthenticatedHttpRequest, error: str = "", status: int = 200):
    _staff(request)
    today = timezone.localdate()
    return render(request, "party/home.html", {
        "orgs": selectors.visible_orgs(request.user)[:500],
        "reports": selectors.visible_reports(request.user)[:200],
        "employers": _employers(), "year": today.year, "quarter": (today.month - 1) // 3 + 1,
        "error": error, "active_page": "party"}, status=status)


@login_required
def sheet(request: AuthenticatedHttpRequest):
    _staff(request)
    employer = _employers().filter(pk=request.GET.get("employer") or 0).first()
    try:
        if employer is None:
            raise ValidationFailed(_("Choose an employer unit."))
        year, quarter = int(request.GET.get("year") or 0), int(request.GET.get("quarter") or 0)
        body = quarterly_workbook(employer, year, quarter)
    except (ValueError, ValidationFailed) as exc:
        message = str(exc) if isinstance(exc, ValidationFailed) else _(
            "Give a year and a quarter from 1 to 4.")
        return home(request, error=message, status=400)
    response = HttpResponse(body, content_type=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response["Content-Disposition"] = (
        f'attachment; filename="party-service-{employer.code}-{year}Q{quarter}.xlsx"')
    return response
