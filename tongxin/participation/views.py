"""Participation pages: my points with the ledger and the leaderboard; micro-wishes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.accounts.http import AuthenticatedHttpRequest
from tongxin.core.errors import PermissionDenied, ValidationFailed
from tongxin.core.sections import SectionLink, section_index

from .forms import WishForm
from .models import Wish
from .selectors import balance, leaderboard, ledger, wishes_for
from .services import cancel_wish, claim_wish, fulfil_wish, post_wish


@login_required
def points(request: AuthenticatedHttpRequest) -> HttpResponse:
    month_start = timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    context = {
        "balance": balance(request.user), "ledger": ledger(request.user)[:50],
        "leaders": leaderboard(), "month_leaders": leaderboard(since=month_start),
        "active_page": "points",
    }
    return render(request, "participation/points.html", context)


@login_required
def wishes(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = WishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            post_wish(actor=request.user, **form.cleaned_data)
        except ValidationFailed as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Your wish is posted."))
            return redirect("participation:wishes")
    context = {"wishes": wishes_for(request.user)[:100], "form": form,
               "active_page": "wishes"}
    return render(request, "participation/wishes.html", context,
                  status=400 if request.method == "POST" else 200)


STEPS = {"claim": claim_wish, "fulfil": fulfil_wish, "cancel": cancel_wish}


@login_required
@require_POST
def wish_step(request: AuthenticatedHttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404
    try:
        STEPS[step](actor=request.user, wish_id=pk)
    except Wish.DoesNotExist:
        raise Http404 from None
    except (PermissionDenied, ValidationFailed) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Done."))
    return redirect("participation:wishes")


@login_required
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """参与: points and micro-wishes."""
    links = [
        SectionLink(reverse("participation:points"), _("My points"),
                    _("Points earned by reporting and helping, and the leaderboard.")),
        SectionLink(reverse("participation:wishes"), _("Micro-wishes"),
                    _("Small wishes of residents that volunteers claim and fulfil.")),
    ]
    return section_index(request, title=_("Participation"), links=links,
                         active_page="participation")
