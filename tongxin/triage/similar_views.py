"""POST endpoints of the similar-cases panel: relate, unrelate, merge one case into the other.

Each goes through a service (tongxin.cases.linking, tongxin.cases.services.act), and a refusal
becomes a message on the case page; a case the user cannot see is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.accounts.http import AuthenticatedHttpRequest
from tongxin.cases.linking import link_cases, unlink_cases
from tongxin.cases.models import Case
from tongxin.cases.services import ActionInput, act
from tongxin.cases.workflow import IllegalTransition
from tongxin.core.errors import PermissionDenied, ValidationFailed
from tongxin.workbench.errors import illegal_transition_message
from tongxin.workbench.views import visible_case_or_404


def _other(request: AuthenticatedHttpRequest) -> Case:
    try:
        pk = int(request.POST.get("other", ""))
    except ValueError:
        raise Http404 from None
    return visible_case_or_404(request.user, pk)


def _done(request: AuthenticatedHttpRequest, pk: int, run, success: str) -> HttpResponse:
    try:
        run()
    except Case.DoesNotExist:
        raise Http404 from None
    except (PermissionDenied, ValidationFailed) as exc:
        messages.error(request, str(exc))
    except IllegalTransition as exc:
        messages.error(request, illegal_transition_message(exc))
    else:
        messages.success(request, success)
    try:
        visible_case_or_404(request.user, pk)
    except Http404:
        return redirect("workbench:home")
    return redirect(f"{redirect('workbench:case', pk=pk).url}#similar")


@login_required
@require_POST
def link(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case, other = visible_case_or_404(request.user, pk), _other(request)
    note = request.POST.get("note", "").strip()
    return _done(request, pk, lambda: link_cases(actor=request.user, case_id=case.pk,
                                                 other_id=other.pk, note=note),
                 _("Case %(number)s is now related.") % {"number": other.number})


@login_required
@require_POST
def unlink(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case, other = visible_case_or_404(request.user, pk), _other(request)
    return _done(request, pk, lambda: unlink_cases(actor=request.user, case_id=case.pk,
                                                   other_id=other.pk),
                 _("Case %(number)s is no longer related.") % {"number": other.number})


@login_required
@require_POST
def merge(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """direction=into_other merges this case into the other; into_this the other into this."""
    case, other = visible_case_or_404(request.user, pk), _other(request)
    into_this = request.POST.get("direction") == "into_this"
    duplicate, master = (other, case) if into_this else (case, other)
    note = _("Same problem as %(number)s.") % {"number": master.number}
    return _done(request, pk, lambda: act(case_id=duplicate.pk, actor=request.user,
                                          action="merge",
                                          data=ActionInput(master=master, note=note)),
                 _("Case %(duplicate)s merged into %(master)s.")
                 % {"duplicate": duplicate.number, "master": master.number})
