"""Response headers (CSP and friends), rate limits, and the per-request session rules."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from . import ratelimits, sessions
from .passwords import password_expired
from .totp import totp_required

# Assets are self-hosted (DESIGN.md): nothing may load from anywhere else, and no inline code
# runs. data: images are the TOTP QR code and Leaflet/ECharts' generated images.
CSP = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    # The PWAs (portal, field app): their service workers and manifests are our own files.
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
PERMISSIONS_POLICY = "camera=(), microphone=(), payment=(), usb=(), geolocation=(self)"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limited = ratelimits.check(request)
        response = limited or self.get_response(request)
        response.setdefault("Content-Security-Policy", CSP)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if request.path.startswith(("/api/", "/open311/")) or getattr(
            request, "tx_no_store", False
        ):
            # Personal data must not sit in shared or browser caches.
            response.setdefault("Cache-Control", "no-store")
        return response


EXEMPT = ("/login/", "/logout/", "/static/", "/i18n/", "/security/totp/",
          "/security/password/", "/favicon")
API = ("/api/", "/open311/")


class SessionControlMiddleware:
    """Idle timeout, the second factor and password expiry, for session logins."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not user.is_authenticated or request.path.startswith(EXEMPT) or not hasattr(
            request, "session"
        ) or request.session.session_key is None:
            return self.get_response(request)
        if sessions.idle_expired(request):
            logout(request)
            messages.info(request, _("Your session ended after a period without activity."))
            return redirect(settings.LOGIN_URL)
        if totp_required(user) and not request.session.get(sessions.SECOND_FACTOR):
            return self._refuse(request, "security:totp",
                                _("This account needs its second factor (TOTP) first."))
        if password_expired(user):
            return self._refuse(request, "security:password_change",
                                _("Your password has expired; choose a new one."))
        return self.get_response(request)

    def _refuse(self, request: HttpRequest, url_name: str, message: str) -> HttpResponse:
        if request.path.startswith(API):
            return JsonResponse({"detail": message}, status=403)
        return redirect(url_name)
