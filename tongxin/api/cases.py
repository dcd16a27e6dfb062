"""/cases: report (idempotent), list (jurisdiction-scoped, cursor-paginated), detail."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from ninja import Header, Path, Query, Router, Status

from tongxin.cases import selectors
from tongxin.cases.models import Case, Channel
from tongxin.cases.selectors import CaseSearch
from tongxin.cases.services import NewCase, draft_case, rework_limit
from tongxin.cases.workflow import KIND, Kind
from tongxin.intake import idempotency
from tongxin.intake.services import submit_case

from . import cursor, lookups
from .auth import ApiRequest, api_token_of
from .present import case_dict, detail_dict
from .schemas import (
    MAX_ID,
    ActionInfo,
    CaseDetailOut,
    CaseFilters,
    CaseIn,
    CasePage,
    ErrorOut,
)
from .similar import CaseCreatedOut, similar_dicts

router = Router(tags=["cases"])
ERRORS = {code: ErrorOut for code in (400, 401, 403, 404, 409, 413, 422)}
SCOPE = "api.cases"
CASE_ID = Path(..., ge=1, le=MAX_ID)
IDEMPOTENCY_KEY = Header(None, alias="Idempotency-Key", max_length=255,
                         description="makes retries safe; 1–255 printable ASCII characters")


@router.post(
    "/cases", response={201: CaseCreatedOut, **ERRORS}, operation_id="create_case",
    summary="Report a case",
)
def create(request: ApiRequest, payload: CaseIn, response: HttpResponse,
           idempotency_key: str | None = IDEMPOTENCY_KEY):
    """Creates a case in state `reported`. Send an `Idempotency-Key` header to make retries
    safe: a retry with the same key and body returns the first result; the same key with a
    different body is 409. `possible_duplicates` lists open cases of the same area that look
    like the same problem, for the caller to mention (the dispatcher decides on merging)."""
    user = request.auth
    body = payload.model_dump(mode="json")
    new = NewCase(
        channel=payload.channel or Channel.API,
        title=payload.title, description=payload.description,
        reporter_name=payload.reporter_name, reporter_phone=payload.reporter_phone,
        reporter_email=payload.reporter_email, reporter_id_number=payload.reporter_id_number,
        lat=payload.lat, lng=payload.lng, address=payload.address,
        region=lookups.region(payload.region), category=lookups.category(payload.category),
        urgency=payload.urgency,
    )

    # Scored before the write (nothing is locked yet) and stored with the idempotency key:
    # a retry gets the same hint the first call got.
    hint = similar_dicts(draft_case(new, actor=user, at=timezone.now()), user)

    def render(case: Case, record) -> tuple[int, dict]:
        body = {**case_dict(case, user), "possible_duplicates": hint}
        return 201, CaseCreatedOut.model_validate(body).model_dump(mode="json")

    outcome = submit_case(
        actor=user, new=new, token=api_token_of(request), upload_ids=payload.attachments,
        key=idempotency_key or "", scope=SCOPE,
        request_fingerprint=idempotency.fingerprint(SCOPE, body), render=render,
    )
    if outcome.replayed:
        response["Idempotent-Replayed"] = "true"
    return Status(outcome.status_code, outcome.body)


@router.get("/cases", response={200: CasePage, **ERRORS}, operation_id="list_cases",
            summary="List the cases you may see")
def list_cases(request: ApiRequest, filters: Query[CaseFilters]):
    """Newest first. Only cases inside your jurisdiction are listed; follow `next_cursor`."""
    user = request.auth
    category = lookups.category(filters.category)
    region = lookups.region(filters.region)
    qs = selectors.search_cases(user, CaseSearch(
        text=filters.q or "", status=filters.status or "",
        category=category.pk if category else None, region=region.pk if region else None,
        channel=filters.channel or "", date_from=filters.created_from,
        date_to=filters.created_to, overdue=filters.overdue, stage=filters.stage or "",
        rating=filters.rating or "",
    ))
    if filters.kind:
        qs = qs.filter(status__in=[s for s, k in KIND.items() if k is Kind(filters.kind)])
    rows, next_cursor = cursor.page(qs, cursor=filters.cursor, limit=filters.limit)
    return {"items": [case_dict(c, user) for c in rows], "next_cursor": next_cursor}


@router.get("/cases/{case_id}", response={200: CaseDetailOut, **ERRORS},
            operation_id="get_case", summary="A case with its timeline and attachments")
def detail(request: ApiRequest, case_id: int = CASE_ID):
    case = selectors.get_case(request.auth, pk=case_id)
    return detail_dict(case, request.auth, request)


@router.get("/cases/{case_id}/actions", response={200: list[ActionInfo], **ERRORS},
            operation_id="available_actions", summary="Actions you may take on the case now")
def actions(request: ApiRequest, case_id: int = CASE_ID):
    case = selectors.get_case(request.auth, pk=case_id)
    rows = selectors.available_actions(request.auth, case, rework_limit=rework_limit())
    return [
        {"action": str(r.action), "label": r.label or str(r.action), "requires": list(r.requires)}
        for r in rows
    ]
