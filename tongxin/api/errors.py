"""Domain errors → HTTP status and one JSON shape: {"detail": "message", "errors": [...]}.

`detail` is always a sentence a person can read; `errors` (validation only) says which field.
A case outside the caller's jurisdiction answers 404 exactly like a missing one.
"""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from tongxin.cases.models import Case
from tongxin.cases.workflow import IllegalTransition
from tongxin.core.errors import PermissionDenied, TongxinError, ValidationFailed


def register(api: NinjaAPI) -> None:
    def reply(request: HttpRequest, status: int, detail: str, **extra) -> HttpResponse:
        return api.create_response(request, {"detail": detail, **extra}, status=status)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return reply(request, 401, _(
            "Authentication required: send “Authorization: Bearer <token>” or sign in."
        ))

    @api.exception_handler(ValidationError)
    def invalid(request, exc: ValidationError):
        errors = [_clean(e) for e in exc.errors]
        summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5])
        return reply(request, 422, _("Invalid input: %(summary)s") % {"summary": summary},
                     errors=errors)

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
            return reply(request, 400, _("The request body is not valid JSON."))
        return reply(request, exc.status_code, str(exc))

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc):
        return reply(request, 413, _("The request body is too large."))

    @api.exception_handler(SuspiciousOperation)
    def suspicious(request, exc):
        return reply(request, 400, _("The request could not be read."))

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return reply(request, 403, str(exc))

    @api.exception_handler(ValidationFailed)
    def failed(request, exc):
        return reply(request, getattr(exc, "status_code", 422), str(exc))

    @api.exception_handler(TongxinError)
    def domain(request, exc):
        return reply(request, getattr(exc, "status_code", 400), str(exc))

    @api.exception_handler(IllegalTransition)
    def illegal(request, exc: IllegalTransition):
        return reply(request, 409, _("This action is not possible now: %(reason)s")
                     % {"reason": exc.reason or _("not allowed in state “%(state)s”")
                        % {"state": exc.state}},
                     action=exc.action, state=exc.state)

    @api.exception_handler(Case.DoesNotExist)
    def no_case(request, exc):
        return reply(request, 404, _("No such case."))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return reply(request, 404, _("Not found."))


def _clean(error: dict) -> dict:
    # ninja reports loc as ("body", "payload", "lat"); the first two say nothing to a client.
    loc = [str(p) for p in error.get("loc", ()) if p not in ("payload", "filters")]
    source = loc[0] if loc else ""
    field = ".".join(loc[1:]) if len(loc) > 1 else source
    return {"field": field or "body", "in": source, "message": error.get("msg", ""),
            "type": error.get("type", "")}
