"""Citizen portal pages (随手拍): report, my cases, rate, notices, the public board, and
sign-in by a one-time SMS code. Reports and ratings go through the REST API (/api/v1)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_http_methods

from tongxin.accounts.http import AuthenticatedHttpRequest
from tongxin.areas.models import ResponsibilityArea
from tongxin.areas.selectors import notice_point
from tongxin.cases.labels import action_label
from tongxin.cases.models import Case
from tongxin.cases.selectors import get_case, timeline, visible_cases
from tongxin.core.errors import ValidationFailed
from tongxin.intake import attachments
from tongxin.regions.models import Region

from . import otp, pwa
from .board import board_entries
from .models import Notice

APP = pwa.PwaApp(
    slug="portal", name=gettext_lazy("Tongxin · Report it"), short_name="随手拍",
    shell=("/portal/", "/portal/offline/"), assets=("js/portal.js",),
)
LOGIN = "/portal/login/"


def _strings() -> dict[str, str]:
    return {
        **pwa.common_strings(),
        "suggested": _("Suggested category:"),
        "report_sent": _("Thank you. Your report %(number)s was received."),
        "report_queued": _("You are offline. Your report is saved and will be sent "
                           "automatically."),
        "need_title": _("Please describe the problem."),
        "rated": _("Thank you for your rating."),
        "recording": _("Recording… tap again to stop"),
        "recorded": _("Voice note recorded"),
        "no_mic": _("Voice recording is not available on this device."),
        "file_kind": _("%(name)s was not added: only photos, videos and voice notes can be "
                       "sent. Your text is kept."),
        "file_size": _("%(name)s was not added: it is larger than %(mb)s MB. Your text is "
                       "kept."),
        "fix": _("Put back to fix"),
        "delete": _("Delete"),
    }


def _ctx(**extra) -> dict:
    return APP.page(_strings(), **extra)


def offline(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/offline.html", _ctx())


def _district() -> Region | None:
    return Region.objects.filter(parent__isnull=True).first()


@ensure_csrf_cookie  # the anonymous form posts with the CSRF cookie, without a session
def home(request: HttpRequest) -> HttpResponse:
    """The report form (signed in, or anonymous on request) or the ways to report; notices
    underneath."""
    district = _district()
    notices = Notice.objects.filter(published_at__lte=timezone.now())[:3]
    return render(request, "portal/home.html", _ctx(
        tab="report", notices=notices,
        area=district.geometry if district else None,
        center=pwa.center_of(district),
        mode=request.GET.get("mode") == "question" and "question" or "problem",
        anonymous=not request.user.is_authenticated and request.GET.get("anonymous") == "1",
        upload_rules=upload_rules(), preset=_preset(request.GET.get("area", "")),
    ))


def _preset(code: str) -> list[float] | None:
    """A road chief's notice board links here with its segment: the pin starts on it."""
    if not code:
        return None
    area = ResponsibilityArea.objects.filter(code=code[:40], is_active=True).first()
    return list(notice_point(area)) if area else None


def upload_rules() -> dict:
    """What the upload check accepts (tongxin.intake.attachments), for the form to check a
    file before it joins the draft: a refusal said at once costs the citizen nothing."""
    return {"limits": attachments.limits(), "types": sorted(attachments.ALLOWED)}


@login_required(login_url=LOGIN)
def my_cases(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = visible_cases(request.user).filter(reporter_user=request.user)
    page = Paginator(rows.order_by("-created_at", "-id"), 20).get_page(request.GET.get("page"))
    return render(request, "portal/my_cases.html", _ctx(tab="mine", page=page))


@login_required(login_url=LOGIN)
def case_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    try:
        case = get_case(request.user, pk=pk)
    except Case.DoesNotExist:
        raise Http404 from None
    if case.reporter_user_id != request.user.pk:
        raise Http404
    return render(request, "portal/case_detail.html", _ctx(
        tab="mine", case=case, steps=public_steps(case), can_rate=can_rate(case),
    ))


def public_steps(case: Case) -> list[dict]:
    return [
        {"at": e.at, "label": plain_step(e.action, e.to_status), "note": e.note
         if e.action in PUBLIC_NOTES else ""}
        for e in timeline(case)
    ]


def can_rate(case: Case) -> bool:
    return case.status == "closed" and not case.rating and not case.merged_into_id


# What the citizen reads for each step, in plain words rather than workflow terms.
PUBLIC_NOTES = {"reply", "answer", "close_on_spot", "reject", "verify_pass"}


def plain_step(action: str, to_status: str) -> str:
    words = {
        "report": _("We received your report"),
        "register": _("Your report was accepted and registered"),
        "dispatch": _("Sent to the responsible department"),
        "accept": _("The department is working on it"),
        "reply": _("The department reported what it did"),
        "verify_pass": _("The result was checked on site; the case is closed"),
        "verify_fail": _("The result was not good enough; sent back for more work"),
        "answer": _("Your question was answered"),
        "close_on_spot": _("Solved on the spot by the grid worker"),
        "reject": _("Not accepted"),
        "merge": _("Handled together with an earlier report of the same problem"),
        "rate": _("You rated the result"),
        "reopen": _("Reopened for more work"),
        "repeat_call": _("You called again about it"),
        "escalate": _("Passed to a higher office"),
        "supervise": _("The supervision office is following it up"),
    }
    return str(words.get(action, action_label(action)))


def notices(request: HttpRequest) -> HttpResponse:
    rows = Notice.objects.filter(published_at__lte=timezone.now())
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    return render(request, "portal/notices.html", _ctx(tab="notices", page=page))


def board(request: HttpRequest) -> HttpResponse:
    try:
        page_no = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page_no = 1
    entries = board_entries(offset=(page_no - 1) * 20)
    return render(request, "portal/board.html", _ctx(tab="board", entries=entries,
                                                     page_no=page_no))


@require_http_methods(["GET", "POST"])
def phone_login(request: HttpRequest) -> HttpResponse:
    """Two steps on one page: the number (a code is texted), then the code."""
    phone = request.POST.get("phone", "").strip()
    step = "phone"
    if request.method == "POST":
        try:
            if "code" in request.POST:
                user = otp.verify_code(phone=phone, code=request.POST["code"])
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                return redirect(_safe_next(request))
            otp.send_code(phone=phone)
            messages.info(request, _("A code was sent to your phone."))
            step = "code"
        except ValidationFailed as exc:
            messages.error(request, str(exc))
            step = "code" if "code" in request.POST else "phone"
    return render(request, "portal/login.html", _ctx(
        tab="report", step=step, phone=phone, next=_safe_next(request)), status=200)


def _safe_next(request: HttpRequest) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or request.GET.get("next") or "/portal/"
    ok = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if ok else "/portal/"
