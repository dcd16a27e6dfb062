"""Refuse an oversized request before Django reads it.

Django caps form and JSON bodies (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams uploaded files to
disk without limit; checking Content-Length up front answers 413 at once and stores nothing.
Without a Content-Length the WSGI server passes no body at all, so this bound is complete.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from tongxin.intake.attachments import max_upload_bytes

MULTIPART_OVERHEAD = 256 * 1024  # form fields and part headers around the file


def body_limit(request: HttpRequest) -> int:
    if request.content_type == "multipart/form-data":
        return max_upload_bytes() + MULTIPART_OVERHEAD
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 2_621_440)


def content_length(request: HttpRequest) -> int | None:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None


def limited(view: Callable, *, too_large: Callable[[HttpRequest, int], HttpResponse]) -> Callable:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        length, limit = content_length(request), body_limit(request)
        if length is None or length > limit:
            return too_large(request, limit)
        return view(request, *args, **kwargs)

    return wrapper


def json_too_large(request: HttpRequest, limit: int) -> HttpResponse:
    return JsonResponse(
        {"detail": _("The request body is too large (limit %(mib).1f MiB).")
         % {"mib": limit / 1024 / 1024}},
        status=413,
    )
