"""Open311 GeoReport v2: discovery, services, service definitions, requests, tokens.

Every answer is JSON or XML as the URL's format says, errors included, in the spec's error
format [{"code": 400, "description": "..."}]. GET is public; POST needs an api_key that is an
API token of the open311 channel, whose service user's jurisdiction bounds where reports may
be placed.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from tongxin.cases.models import Channel
from tongxin.core.errors import PermissionDenied, TongxinError, ValidationFailed
from tongxin.intake import idempotency, tokens
from tongxin.intake.models import IdempotencyRecord
from tongxin.intake.services import discard_upload, store_upload, submit_case

from . import params, queries, render, serializers, submission
from .params import BadRequest

SCOPE = "open311.requests"
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"


def _format_ok(fmt: str) -> bool:
    return fmt in render.FORMATS


def _unsupported(fmt: str) -> HttpResponse:
    return render.error_document(
        400, _("Format “%(fmt)s” is not supported; use .json or .xml.") % {"fmt": fmt[:10]}, "json"
    )


def _valid_id(value: str) -> bool:
    # PostgreSQL cannot even compare a text column with a string holding NUL.
    return "\x00" not in value and len(value) <= 64


def _only(request: HttpRequest, fmt: str, *methods: str) -> HttpResponse | None:
    if not _format_ok(fmt):
        return _unsupported(fmt)
    if request.method not in methods:
        response = render.error_document(405, _("Method not allowed."), fmt)
        response["Allow"] = ", ".join(methods)
        return response
    return None


def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    if (refused := _only(request, fmt, "GET", "HEAD")) is not None:
        return refused
    changeset = serializers.w3c(_changeset())
    url = request.build_absolute_uri("/open311/v2/").rstrip("/")
    document = {
        "changeset": changeset,
        "contact": getattr(settings, "TONGXIN_OPEN311_CONTACT", ""),
        "key_service": getattr(settings, "TONGXIN_OPEN311_KEY_SERVICE", ""),
        "endpoints": [{
            "specification": SPECIFICATION, "url": url, "changeset": changeset,
            "type": "production", "formats": ["application/json", "text/xml"],
        }],
    }
    return render.object_document("discovery", document, fmt)


def _changeset():
    # The API changes with the deployment; the process start is a fair stand-in.
    return _STARTED


_STARTED = timezone.now()


def services(request: HttpRequest, fmt: str) -> HttpResponse:
    if (refused := _only(request, fmt, "GET", "HEAD")) is not None:
        return refused
    try:
        params.check_jurisdiction(request.GET.get("jurisdiction_id"))
    except BadRequest as exc:
        return render.error_document(400, str(exc), fmt)
    categories = queries.categories()
    by_id = {c.pk: c for c in categories}
    parents = {c.parent_id for c in categories if c.parent_id}
    items = [serializers.service(c, by_id, c.pk in parents) for c in categories]
    return render.list_document("services", items, fmt)


def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    if (refused := _only(request, fmt, "GET", "HEAD")) is not None:
        return refused
    category = queries.category(code) if _valid_id(code) else None
    if category is None:
        return render.error_document(
            404, _("Unknown service_code “%(code)s”.") % {"code": code[:40]}, fmt
        )
    children = list(category.children.filter(is_active=True).order_by("code"))
    return render.object_document(
        "service_definition", serializers.definition(category, children), fmt
    )


@csrf_exempt
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if (refused := _only(request, fmt, "GET", "HEAD", "POST")) is not None:
        return refused
    try:
        if request.method == "POST":
            return _post(request, fmt)
        return _list(request, fmt)
    except BadRequest as exc:
        return render.error_document(400, str(exc), fmt)
    except RequestDataTooBig:
        return render.error_document(413, _("The request is too large."), fmt)
    except (MultiPartParserError, SuspiciousOperation, UnicodeDecodeError):
        return render.error_document(400, _("The request body could not be read."), fmt)
    except PermissionDenied as exc:
        return render.error_document(403, str(exc), fmt)
    except ValidationFailed as exc:
        return render.error_document(getattr(exc, "status_code", 400), str(exc), fmt)
    except TongxinError as exc:  # idempotency conflict
        return render.error_document(getattr(exc, "status_code", 400), str(exc), fmt)


def _list(request: HttpRequest, fmt: str) -> HttpResponse:
    query = params.parse(request.GET)
    qs = queries.filtered(numbers=query.numbers, codes=query.codes, start=query.start,
                          end=query.end, statuses=query.statuses)
    offset = (query.page - 1) * query.page_size
    cases = list(qs[offset: offset + query.page_size])
    events = queries.public_events(cases)
    items = [serializers.service_request(c, events.get(c.pk, [])) for c in cases]
    return render.list_document("requests", items, fmt)


def _post(request: HttpRequest, fmt: str) -> HttpResponse:
    fields, media = submission.read_fields(request)
    sub = submission.parse(fields, media)
    token = tokens.authenticate(sub.api_key)
    if token is None:
        return render.error_document(403, _("The api_key is not valid."), fmt)
    if token.channel != Channel.OPEN311:
        return render.error_document(403, _("This api_key is not for Open311."), fmt)
    key = idempotency.check_key(request.headers.get("Idempotency-Key", ""))
    canonical = dict(sub.fields)
    if media is not None:
        canonical["media"] = _sha256(media)
    fingerprint = idempotency.fingerprint(SCOPE, canonical)

    def answer(case, record: IdempotencyRecord | None) -> tuple[int, list]:
        assert record is not None  # always_record: the token answers tokens/{id}
        return 201, [{"service_request_id": case.number, "token": str(record.public_id),
                      "service_notice": "", "account_id": None}]

    upload = store_upload(owner=token.user, upload=media,
                          declared_type=media.content_type or "") if media else None
    try:
        outcome = submit_case(
            actor=token.user, new=sub.new, token=token,
            upload_ids=[upload.pk] if upload else [], key=key, scope=SCOPE,
            request_fingerprint=fingerprint, render=answer, always_record=True,
        )
    except Exception:
        if upload is not None:
            discard_upload(upload=upload)
        raise
    if outcome.replayed and upload is not None:
        discard_upload(upload=upload)  # a retry of a stored report: this copy is not needed
    return render.list_document("requests", outcome.body, fmt, outcome.status_code)


def _sha256(media) -> str:
    digest = hashlib.sha256()
    for chunk in media.chunks():
        digest.update(chunk)
    media.seek(0)
    return digest.hexdigest()


def request_detail(request: HttpRequest, number: str, fmt: str) -> HttpResponse:
    if (refused := _only(request, fmt, "GET", "HEAD")) is not None:
        return refused
    case = queries.public_cases().filter(number=number).first() if _valid_id(number) else None
    if case is None:
        return render.error_document(
            404, _("No service request “%(id)s”.") % {"id": number[:40]}, fmt
        )
    events = queries.public_events([case])
    return render.list_document(
        "requests", [serializers.service_request(case, events.get(case.pk, []))], fmt
    )


def token_detail(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    if (refused := _only(request, fmt, "GET", "HEAD")) is not None:
        return refused
    record = idempotency.by_public_id(token, scope=SCOPE)
    if record is None or record.case is None:
        return render.error_document(404, _("No such token."), fmt)
    return render.list_document(
        "requests", [{"service_request_id": record.case.number, "token": str(record.public_id)}],
        fmt,
    )
