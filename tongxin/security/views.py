"""Security pages: second factor, password change, the audit log (read and export)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tongxin.accounts.http import AuthenticatedHttpRequest
from tongxin.core.sections import SectionLink, section_index

from . import attempts, audit, sessions, totp
from .csvsafe import csv_response
from .forms import AuditFilterForm, TotpForm
from .models import Category
from .selectors import may_read_audit, search_audit

EXPORT_LIMIT = 50_000


@login_required
def second_factor(request: AuthenticatedHttpRequest) -> HttpResponse:
    device = totp.device_for(request.user)
    form = TotpForm(request.POST or None)
    user_id, address = request.user.pk, audit.client_ip(request)
    if request.method == "POST" and attempts.locked(user_id=user_id, address=address):
        # Checked before the code: once locked, the right code is refused too.
        audit.record(category=Category.AUTH, action="second_factor_locked", request=request,
                     success=False)
        body = render_to_string("security/too_many.html", {"message": _(
            "Too many wrong codes. Wait %(minutes)d minutes, then try again.")
            % {"minutes": settings.TONGXIN_TOTP_LOCK_SECONDS // 60}}, request=request)
        return HttpResponse(body, status=429)
    if request.method == "POST" and form.is_valid():
        if totp.verify(device, form.cleaned_data["code"]):
            attempts.succeeded(user_id=request.user.pk)
            request.session[sessions.SECOND_FACTOR] = True
            audit.record(category=Category.AUTH, action="second_factor", request=request)
            return redirect("workbench:home")
        audit.record(category=Category.AUTH, action="second_factor_failed", request=request,
                     success=False)
        if attempts.failed(user_id=user_id, address=address):
            audit.record(category=Category.AUTH, action="second_factor_lockout",
                         request=request, success=False,
                         detail={"failures": settings.TONGXIN_TOTP_FAILURES})
        form.add_error("code", _("The code is wrong or was already used."))
    context = {"form": form, "confirmed": device.confirmed}
    if not device.confirmed:
        uri = totp.provisioning_uri(device)
        context.update(qr=totp.qr_data_uri(uri), secret=device.secret)
    return render(request, "security/totp.html", context)


@login_required
def password_change(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)
        audit.record(category=Category.AUTH, action="password_change", request=request)
        messages.success(request, _("Your password was changed."))
        return redirect("workbench:home")
    return render(request, "security/password_change.html",
                  {"form": form, "active_page": "account_security"})


def _audit_rows(request: AuthenticatedHttpRequest):
    if not may_read_audit(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    return form, search_audit(request.user, form.search())


@login_required
@require_GET
def audit_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    form, rows = _audit_rows(request)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "security/audit_log.html",
                  {"form": form, "page": page, "active_page": "audit"})


@login_required
@require_GET
def audit_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    form, rows = _audit_rows(request)
    entries = list(rows[:EXPORT_LIMIT])
    audit.record(category=Category.EXPORT, action="export_audit", request=request,
                 object_type="security.auditentry",
                 detail={"rows": len(entries), "filters": request.GET.urlencode()[:500]})
    header = ["id", _("Time"), _("Actor"), _("Category"), _("Action"), _("Object type"),
              _("Object"), _("Address"), _("Succeeded"), _("Details"), "prev_hash", "row_hash"]
    data = (
        [e.pk, timezone.localtime(e.at).isoformat(timespec="seconds"), e.actor_name,
         e.category, e.action, e.object_type, e.object_id, e.ip, e.success, e.detail,
         e.prev_hash, e.row_hash]
        for e in entries
    )
    return csv_response(f"audit-{timezone.localtime():%Y%m%d-%H%M}.csv", header, data)


@login_required
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """账号与安全: the password, and the audit log for those who may read it."""
    links = [SectionLink(reverse("security:password_change"), _("Change password"),
                         _("Change the password of your account."))]
    if may_read_audit(request.user):
        links.append(SectionLink(reverse("security:audit"), _("Audit log"),
                                 _("Who did what, when and from where.")))
    return section_index(request, title=_("Account and security"), links=links,
                         active_page="account_security")
