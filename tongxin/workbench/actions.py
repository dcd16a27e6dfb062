"""POST /cases/<pk>/act/<action>/: one workflow action from the case page.

Order matters: the case must be visible before anything else (a guessed id of another
street's case is a 404 whether or not the action would be legal), then the form, then
services.act, whose domain errors become a message on the case page — never a traceback.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.cases.labels import action_label
from tongxin.cases.models import Case
from tongxin.cases.selectors import get_case
from tongxin.cases.services import act
from tongxin.cases.workflow import IllegalTransition
from tongxin.core.errors import PermissionDenied, ValidationFailed

from .action_forms import ACTION_FORMS, action_form
from .errors import illegal_transition_message
from .pages import render_case
from .views import visible_case_or_404


@login_required
@require_POST
def case_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    case = visible_case_or_404(request.user, pk)
    if action not in ACTION_FORMS:
        raise Http404
    form = action_form(action, case=case, user=request.user, data=request.POST,
                       files=request.FILES)
    if not form.is_valid():
        return render_case(request, case, failed=form, status=400)
    try:
        act(case_id=case.pk, actor=request.user, action=action, data=form.to_input())
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


def _refused(request, case: Case, form, message: str, status: int) -> HttpResponse:
    # Re-read: the refusal may come from a change someone else made since the page loaded.
    fresh = visible_case_or_404(request.user, case.pk)
    return render_case(request, fresh, failed=form, error=message, status=status)


def _after(request, case: Case) -> HttpResponse:
    # Some actions take the case out of the actor's sight (a unit returning it), so the case
    # page would 404: go back to the queue instead.
    try:
        get_case(request.user, pk=case.pk)
    except Case.DoesNotExist:
        return redirect("workbench:home")
    return redirect("workbench:case", pk=case.pk)
