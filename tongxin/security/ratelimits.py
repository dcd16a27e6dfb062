"""Rate limits on login, intake and search (django-ratelimit's counters in the cache).

Limits are per client address and configured in settings.TONGXIN_RATE_LIMITS as
django-ratelimit rates ("20/m"). Over the limit: HTTP 429 with a message, JSON for the API.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited


def group_of(request: HttpRequest) -> str | None:
    path, method = request.path, request.method
    if path == "/portal/anonymous/report/" and method == "POST":
        return "anonymous"
    if path.startswith("/login/") and method == "POST":
        return "login"
    if method == "POST" and (path.startswith("/api/v1/cases") or path.startswith(
            "/open311/v2/requests")):
        return "intake"
    if method == "GET" and (path.startswith("/api/v1/cases") or path == "/cases/"
                            or path.startswith("/open311/v2/requests")) and request.GET:
        return "search"
    return None


def check(request: HttpRequest) -> HttpResponse | None:
    group = group_of(request)
    rate = settings.TONGXIN_RATE_LIMITS.get(group or "", "")
    if not group or not rate:
        return None
    if not is_ratelimited(request, group=f"tx-{group}", key="ip", rate=rate,
                          method=request.method, increment=True):
        return None
    message = _("Too many requests; please wait a minute and try again.")
    if request.path.startswith(("/api/", "/open311/", "/portal/anonymous/")):
        return JsonResponse({"detail": message}, status=429)
    body = render_to_string("security/too_many.html", {"message": message}, request=request)
    return HttpResponse(body, status=429)
