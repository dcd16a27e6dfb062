"""POST /cases/<pk>/act/<action>/: one workflow action from the case page.

Order matters: the case must be visible before anything else (a guessed id of another
street's case is a 404 whether or not the action would be legal), then the form, then
services.act, whose domain errors become a message on the case page — never a traceback.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.accounts.http import AuthenticatedHttpRequest
from tongxin.cases.labels import action_label
from tongxin.cases.models import Case
from tongxin.cases.selectors import get_case
from tongxin.cases.services import act
from tongxin.cases.workflow import IllegalTransition
from tongxin.core.errors import PermissionDenied, ValidationFailed
from tongxin.supervision.services import issue_order, refer_case

from .action_forms import ACTION_FORMS, ActionForm, action_form
from .errors import illegal_transition_message
from .pages import render_case
from .views import visible_case_or_404


@login_required
@require_POST
def case_act(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    case = visible_case_or_404(request.user, pk)
    if action not in ACTION_FORMS:
        raise Http404
    form = action_form(action, case=case, user=request.user, data=request.POST,
                       files=request.FILES)
    if not form.is_valid():
        return render_case(request, case, failed=form, status=400)
    try:
        perform(action, case=case, actor=request.user, form=form)
    except Case.DoesNotExist:
        raise Http404 from None
    except PermissionDenied as exc:
        return _refused(request, case, form, str(exc), 403)
    except ValidationFailed as exc:
        return _refused(request, case, form, str(exc), 400)
    except IllegalTransition as exc:
        return _refused(request, case, form, illegal_transition_message(exc), 400)
    messages.success(request, _("%(action)s: done for case %(number)s.") % {
        "action": action_label(action), "number": case.number,
    })
    return _after(request, case)


def perform(action: str, *, case: Case, actor, form: ActionForm) -> None:
    """Supervision and referral open their own records (an order to reply to, a referral) as
    well as the workflow event, so they go through the supervision services."""
    note = form.cleaned_data.get("note", "").strip()
    if action == "supervise":
        issue_order(case_id=case.pk, actor=actor, text=note)
    elif action == "refer":
        refer_case(case_id=case.pk, actor=actor, problem_type=form.cleaned_data["problem_type"],
                   reason=note)
    else:
        act(case_id=case.pk, actor=actor, action=action, data=form.to_input())


def _refused(request: AuthenticatedHttpRequest, case: Case, form: ActionForm, message: str,
             status: int) -> HttpResponse:
    # Re-read: the refusal may come from a change someone else made since the page loaded.
    fresh = visible_case_or_404(request.user, case.pk)
    return render_case(request, fresh, failed=form, error=message, status=status)


def _after(request: AuthenticatedHttpRequest, case: Case) -> HttpResponse:
    # Some actions take the case out of the actor's sight (a unit returning it), so the case
    # page would 404: go back to the queue instead.
    try:
        get_case(request.user, pk=case.pk)
    except Case.DoesNotExist:
        return redirect("workbench:home")
    return redirect("workbench:case", pk=case.pk)
