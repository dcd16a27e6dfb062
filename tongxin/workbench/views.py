"""Workbench pages: queues, the case page, the new-case form and attachment downloads.

Views stay thin: reads go through tongxin.cases.selectors (jurisdiction-filtered), writes
through tongxin.cases.services; a case outside the user's area is a plain 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tongxin.accounts.http import AuthenticatedHttpRequest
from tongxin.accounts.models import User
from tongxin.cases.labels import QUEUE_LABELS
from tongxin.cases.models import Case
from tongxin.cases.selectors import get_case, search_cases, urgent_first
from tongxin.core.errors import TongxinError
from tongxin.intake import idempotency
from tongxin.intake.services import submit_case

from .context import may_create_cases
from .fields import ALLOWED_UPLOAD_TYPES
from .forms import CaseFilterForm, NewCaseForm
from .landing import after_login_url, landing_url
from .pages import is_htmx_partial, render_case, vary_on_htmx
from .queues import home_queue

PAGE_SIZE = 20


def visible_case_or_404(user: User, pk: int) -> Case:
    try:
        return get_case(user, pk=pk)
    except Case.DoesNotExist:
        raise Http404 from None


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    return redirect(landing_url(request.user))


class LoginView(auth_views.LoginView):
    """The staff login form; who signs in is sent where their work is (landing.py)."""

    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        user = self.request.user
        assert isinstance(user, User)  # called once the form has signed the user in
        return after_login_url(user, self.get_redirect_url(),
                               host=self.request.get_host(), secure=self.request.is_secure())


@login_required
def case_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CaseFilterForm(request.GET or None, user=request.user)
    queue = request.GET.get("queue") or home_queue(request.user)
    search = form.search(default_queue=queue)
    # Urgent cases (特事特办) jump every queue; the triage row carries the adjudication
    # queue's suggestions.
    cases = urgent_first(search_cases(request.user, search)).select_related("triage")
    page = Paginator(cases, PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    active = "overdue" if search.overdue and not search.queue else queue
    context = {
        "form": form, "page": page, "queue": queue, "filtered": form.has_filters(),
        "active_queue": active, "queue_label": QUEUE_LABELS.get(active, QUEUE_LABELS["all"]),
    }
    template = "workbench/_results.html" if is_htmx_partial(request) else "workbench/case_list.html"
    return vary_on_htmx(render(request, template, context))


@login_required
def case_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return render_case(request, visible_case_or_404(request.user, pk))


NEW_CASE_SCOPE = "workbench.new"


@login_required
def case_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not may_create_cases(request.user):
        raise DjangoPermissionDenied
    form = NewCaseForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = submit_case(
                actor=request.user, new=form.new_case(),
                files=form.cleaned_data["attachments"], scope=NEW_CASE_SCOPE,
                key=f"draft:{form.cleaned_data['draft_key']}",
                request_fingerprint=idempotency.fingerprint(NEW_CASE_SCOPE, form.fingerprint()),
                render=lambda case, _record: (201, {"id": case.pk, "number": case.number}),
            )
        except TongxinError as exc:  # refused, or the draft key used for another report
            form.add_error(None, str(exc))
        else:
            text = (_("Case %(number)s was already created from this form.")
                    if outcome.replayed else _("Case %(number)s created."))
            messages.success(request, text % {"number": outcome.body["number"]})
            return redirect("workbench:case", pk=outcome.body["id"])
    status = 400 if request.method == "POST" else 200
    return render(request, "workbench/case_new.html", {"form": form, "active_page": "new"},
                  status=status)


@login_required
def attachment(request: AuthenticatedHttpRequest, pk: int,
               attachment_pk: int) -> FileResponse:
    """Files are served only to users who may see the case, never from a public media URL."""
    case = visible_case_or_404(request.user, pk)
    try:
        item = case.attachments.get(pk=attachment_pk)
    except case.attachments.model.DoesNotExist:
        raise Http404 from None
    inline = item.content_type in ALLOWED_UPLOAD_TYPES
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    assert item.file.name is not None  # open() succeeded, so the file has a name
    response = FileResponse(handle, as_attachment=not inline,
                            filename=item.file.name.rsplit("/", 1)[-1])
    # Never trust an uploaded type enough to let the browser render, say, HTML from it.
    response["Content-Type"] = item.content_type if inline else "application/octet-stream"
    return response
