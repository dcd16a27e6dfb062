"""Pages and the endpoint of anonymous reporting: POST the report (multipart, same-origin,
CSRF-checked, rate-limited per client address), then follow it through the signed link."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tongxin.cases.models import Case
from tongxin.core.errors import TongxinError

from . import anonymous
from .views import _ctx, can_rate, public_steps


@require_POST
def report(request: HttpRequest) -> JsonResponse:
    """201 {number, token, follow_url}; a retry with the same Idempotency-Key gets the same
    answer with `Idempotent-Replayed: true`. Errors are JSON {detail} with a 4xx status."""
    post = request.POST
    data = anonymous.AnonymousInput(
        text=post.get("text", ""), category=post.get("category", ""),
        lat=post.get("lat", ""), lng=post.get("lng", ""), address=post.get("address", ""),
        question=post.get("question") == "1", files=request.FILES.getlist("files"),
    )
    try:
        outcome = anonymous.submit(key=request.headers.get("Idempotency-Key", ""), data=data)
    except TongxinError as exc:
        return JsonResponse({"detail": str(exc)}, status=getattr(exc, "status_code", 400))
    response = JsonResponse(outcome.body, status=outcome.status_code)
    if outcome.replayed:
        response["Idempotent-Replayed"] = "true"
    return response


def _followed(token: str) -> Case:
    case = anonymous.case_of(token)
    if case is None:
        raise Http404(_("This follow-up link is not valid."))
    return case


@require_GET
def follow(request: HttpRequest, token: str) -> HttpResponse:
    case = _followed(token)
    response = render(request, "portal/follow.html", _ctx(
        tab="report", case=case, steps=public_steps(case), can_rate=can_rate(case),
        token=token,
    ))
    # The link is the reporter's only key: keep it out of Referer headers to other sites and
    # out of shared caches ("no-referrer" would also blank the Origin of the rating form's
    # POST, which the CSRF check then refuses).
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def follow_rate(request: HttpRequest, token: str) -> HttpResponse:
    case = _followed(token)
    if not can_rate(case):
        messages.error(request, _("This case cannot be rated now."))
        return redirect("portal:follow", token=token)
    try:
        anonymous.rate(case=case, rating=request.POST.get("rating", ""),
                       note=request.POST.get("note", ""))
    except TongxinError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Thank you for your rating."))
    return redirect("portal:follow", token=token)
