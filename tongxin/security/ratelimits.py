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

# (method, path prefix, group). The first match wins; GET searches count only with a query.
RULES: tuple[tuple[str, str, str], ...] = (
    # Reports without signing in (portal), per client address: first, before "intake".
    ("POST", "/portal/anonymous/report/", "anonymous"),
    ("POST", "/login/", "login"),
    # The citizen's SMS code login: sending codes costs money and codes can be guessed.
    ("POST", "/portal/login/", "login"),
    ("POST", "/api/v1/cases", "intake"),
    ("POST", "/open311/v2/requests", "intake"),
    ("POST", "/api/v1/uploads", "intake"),
    ("POST", "/api/v1/field/", "intake"),
    ("POST", "/api/v1/hotline/", "intake"),
    # The rating page behind the SMS link: a guessed token must not be tried at speed.
    ("POST", "/feedback/rate/", "intake"),
    ("GET", "/feedback/rate/", "token"),
    ("GET", "/api/v1/hotline/", "search"),
    ("GET", "/api/v1/portal/", "search"),
    ("GET", "/api/v1/regions/locate", "search"),
    ("GET", "/portal/board/", "search"),
    ("GET", "/portal/cases/", "search"),
    ("GET", "/analytics/api/", "analytics"),
)
# GET paths limited only when they carry a query (a plain list view is cheap).
QUERY_SEARCHES = ("/api/v1/cases", "/cases/", "/open311/v2/requests")


def group_of(request: HttpRequest) -> str | None:
    path, method = request.path, request.method
    for rule_method, prefix, group in RULES:
        if method == rule_method and path.startswith(prefix):
            return group
    if method == "GET" and request.GET and (
            path.startswith(QUERY_SEARCHES[0]) or path == QUERY_SEARCHES[1]
            or path.startswith(QUERY_SEARCHES[2])):
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
    if request.path.startswith(("/api/", "/open311/", "/analytics/api/", "/portal/anonymous/")):
        return JsonResponse({"detail": message}, status=429)
    body = render_to_string("security/too_many.html", {"message": message}, request=request)
    return HttpResponse(body, status=429)
