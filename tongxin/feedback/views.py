"""Return-visit pages: the public rating page behind the signed SMS link, and the call-back
list where operators (hotline callers) and grid workers (household visits) record answers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.accounts.access import roles_of
from tongxin.accounts.http import AuthenticatedHttpRequest
from tongxin.accounts.models import Role
from tongxin.core.errors import PermissionDenied, ValidationFailed
from tongxin.core.sections import SectionLink, section_index
from tongxin.security.personal import reporter_fields

from .forms import RatingForm
from .models import ReturnVisit, VisitStatus
from .selectors import callback_list, may_call_back, visits_for
from .services import answer_visit, visit_for_token


def rate(request: HttpRequest, token: str) -> HttpResponse:
    """The page the SMS link opens; no login: the signed token is the permission."""
    try:
        visit = visit_for_token(token)
    except ValidationFailed as exc:
        return render(request, "feedback/rate.html", {"error": str(exc)}, status=400)
    if visit.status == VisitStatus.ANSWERED:
        return render(request, "feedback/rate.html",
                      {"error": _("Thank you: this case has already been rated.")}, status=400)
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            answer_visit(visit_id=visit.pk, actor=None, **form.cleaned_data)
        except ValidationFailed as exc:
            return render(request, "feedback/rate.html", {"error": str(exc)}, status=400)
        return render(request, "feedback/rate.html", {"done": True, "case": visit.case})
    status = 400 if request.method == "POST" else 200
    return render(request, "feedback/rate.html", {"form": form, "case": visit.case},
                  status=status)


@login_required
def callbacks(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not may_call_back(request.user):
        raise DjangoPermissionDenied
    return _callback_page(request)


@login_required
@require_POST
def reveal(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The caller's full name and number for one visit, to call them back: an audited read
    (tongxin.security.personal), shown once in this response and never cached."""
    if not may_call_back(request.user):
        raise DjangoPermissionDenied
    if not callback_list(request.user).filter(pk=pk).exists():
        raise Http404
    return _callback_page(request, reveal_pk=pk)


def _callback_page(request: AuthenticatedHttpRequest, reveal_pk: int | None = None
                   ) -> HttpResponse:
    page = Paginator(callback_list(request.user), 30).get_page(request.GET.get("page"))
    # The list is masked; only the one row the operator asked for is revealed (and audited).
    rows = [(visit, reporter_fields(request.user, visit.case, reveal=visit.pk == reveal_pk,
                                    request=request, channel="callback"))
            for visit in page.object_list]
    request.tx_no_store = True  # type: ignore[attr-defined]
    return render(request, "feedback/callbacks.html",
                  {"page": page, "rows": rows, "form": RatingForm(),
                   "active_page": "callbacks"})


@login_required
@require_POST
def record(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not may_call_back(request.user):
        raise DjangoPermissionDenied
    try:
        visit = visits_for(request.user).get(pk=pk)
    except ReturnVisit.DoesNotExist:
        raise Http404 from None
    if request.POST.get("unreached"):
        ReturnVisit.objects.filter(pk=visit.pk, status=VisitStatus.PENDING).update(
            status=VisitStatus.UNREACHED)
        messages.info(request, _("Marked as unreached."))
        return redirect("feedback:callbacks")
    form = RatingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose 满意, 基本满意 or 不满意."))
        return redirect("feedback:callbacks")
    if Role.GRID_WORKER in roles_of(request.user) and visit.method != "household":
        ReturnVisit.objects.filter(pk=visit.pk).update(method="household")
    try:
        answer_visit(visit_id=visit.pk, actor=request.user, **form.cleaned_data)
    except (PermissionDenied, ValidationFailed) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The rating of case %(number)s is recorded.")
                         % {"number": visit.case.number})
    return redirect("feedback:callbacks")


@login_required
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """回访评价: the return visits (a rating itself is reached through its own link)."""
    links = []
    if may_call_back(request.user):
        links.append(SectionLink(reverse("feedback:callbacks"), _("Return visits"),
                                 _("Closed cases whose reporter can be called for a rating.")))
    return section_index(request, title=_("Return visits"), links=links,
                         active_page="callbacks")
