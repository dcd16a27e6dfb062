"""Who is calling: a bearer token (staff or channel client) or the workbench session.

Token requests carry the ApiToken on `request.api_token`, so intake can bind the case to the
token's channel; session requests have none and go through Django's CSRF check.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from tongxin.accounts.models import User
from tongxin.intake import tokens
from tongxin.intake.models import ApiToken


class ApiRequest(HttpRequest):
    """What an authenticated API view gets (for type checking; ninja sets `auth`)."""

    auth: User
    api_token: ApiToken | None


class BearerToken(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str):
        api_token = tokens.authenticate(token)
        if api_token is None:
            return None
        request.api_token = api_token  # type: ignore[attr-defined]
        return api_token.user


class WorkbenchSession(SessionAuth):
    """The logged-in workbench user (unsafe methods need the CSRF token, as in the pages)."""

    def authenticate(self, request: HttpRequest, key: str | None):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None


AUTH = [BearerToken(), WorkbenchSession()]


def api_token_of(request: HttpRequest) -> ApiToken | None:
    return getattr(request, "api_token", None)
