"""The department's whistle queue (吹哨报到): the calls to its units still waiting for 报到,
each with its deadline, and the button that acknowledges."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tongxin.accounts.http import AuthenticatedHttpRequest
from tongxin.core.errors import ValidationFailed

from . import selectors, services
from .models import WhistleCall


@login_required
def queue(request: AuthenticatedHttpRequest):
    return render(request, "whistle/queue.html", {
        "calls": selectors.queue_of(request.user)[:200],
        "done": selectors.queue_of(request.user, open_only=False).filter(
            acknowledged_at__isnull=False).order_by("-acknowledged_at")[:20],
        "now": timezone.now(), "active_page": "whistle"})


@login_required
@require_POST
def acknowledge(request: AuthenticatedHttpRequest, pk: int):
    try:
        call = services.acknowledge(call_id=pk, actor=request.user,
                                    note=(request.POST.get("note") or "").strip())
    except WhistleCall.DoesNotExist:
        raise Http404 from None
    except ValidationFailed as exc:
        messages.error(request, str(exc))
        return redirect("whistle:queue")
    messages.success(request, services.reported_message(call))
    return redirect("whistle:queue")
