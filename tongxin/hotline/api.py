"""/api/v1/hotline: what the 12345 console reads while the operator types, and the repeat
call that links a call to the open case it is about."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router

from tongxin.accounts.access import has_permission, is_citizen_only
from tongxin.accounts.masking import mask_phone
from tongxin.accounts.models import User
from tongxin.accounts.permissions import CREATE
from tongxin.api import lookups
from tongxin.api.auth import ApiRequest
from tongxin.api.present import case_dict
from tongxin.api.schemas import MAX_ID, QUERY_TEXT, CaseOut, Checked, ErrorOut, Input
from tongxin.cases import selectors as case_selectors
from tongxin.core.errors import PermissionDenied
from tongxin.security import audit
from tongxin.security.models import Category

from . import selectors
from .services import record_repeat_call

router = Router(tags=["hotline"])
ERRORS = {code: ErrorOut for code in (400, 401, 403, 404, 409, 422)}


def _operator(user: User) -> User:
    if is_citizen_only(user) or not has_permission(user, CREATE):
        raise PermissionDenied(_("Only hotline staff may use the console."))
    return user


class CallerQuery(Checked):
    phone: str = Field(..., min_length=1, max_length=20)


class SimilarQuery(Checked):
    phone: str = Field("", max_length=20)
    # Like the portal's suggestion: the start of the text, so the URL stays under 4 KB.
    text: str = Field("", max_length=QUERY_TEXT)
    region: str = Field("", max_length=32, description="region code, if the operator chose one")
    category: str = Field("", max_length=32, description="category code, if chosen")


class KbQuery(Checked):
    q: str = Field(..., min_length=1, max_length=200)


class ArticleOut(Checked):
    id: int
    question: str
    answer: str
    department: str | None
    updated_at: str


class RepeatCallIn(Input):
    note: str = Field("", max_length=2000)
    caller_name: str = Field("", max_length=50)
    caller_phone: str = Field("", max_length=20)


@router.get("/hotline/callers", response={200: list[CaseOut], **ERRORS},
            operation_id="hotline_caller_history", summary="The caller's earlier cases")
def callers(request: ApiRequest, query: Query[CallerQuery]):
    user = _operator(request.auth)
    rows = list(selectors.caller_history(user=user, phone=query.phone)[: selectors.HISTORY_LIMIT])
    # A lookup that finds a person's cases is a personal-data read: one audit row. (The
    # console searches as the number is typed; partial numbers that find nothing are not.)
    if rows:
        audit.record(category=Category.PERSONAL, action="caller_history", actor=user,
                     request=request, object_type="cases.case",
                     detail={"phone": mask_phone(query.phone), "found": len(rows)})
    # Masked like every list, except the number the operator typed: they already have it.
    return [{**case_dict(c, user), "reporter_phone": query.phone.strip()} for c in rows]


@router.get("/hotline/similar", response={200: list[CaseOut], **ERRORS},
            operation_id="hotline_similar_cases",
            summary="Open cases the call may repeat (same caller, similar text)")
def similar(request: ApiRequest, query: Query[SimilarQuery]):
    user = _operator(request.auth)
    rows = selectors.similar_open_cases(
        user=user, phone=query.phone, text=query.text, region=lookups.region(query.region),
        category=lookups.category(query.category))
    return [case_dict(c, user) for c in rows]


@router.get("/hotline/knowledge", response={200: list[ArticleOut], **ERRORS},
            operation_id="hotline_knowledge_search", summary="Search the knowledge base")
def knowledge(request: ApiRequest, query: Query[KbQuery]):
    _operator(request.auth)
    return [
        {"id": a.pk, "question": a.question, "answer": a.answer,
         "department": a.department.name if a.department else None,
         "updated_at": a.updated_at.date().isoformat()}
        for a in selectors.search_knowledge(query.q)
    ]


@router.post("/hotline/cases/{case_id}/repeat-call", response={200: CaseOut, **ERRORS},
             operation_id="hotline_repeat_call",
             summary="Record a further call about an open case on that case")
def repeat_call(request: ApiRequest, payload: RepeatCallIn,
                case_id: int = Path(..., ge=1, le=MAX_ID)):
    user = _operator(request.auth)
    record_repeat_call(case_id=case_id, actor=user, note=payload.note,
                       caller_name=payload.caller_name, caller_phone=payload.caller_phone)
    return case_dict(case_selectors.get_case(user, pk=case_id), user)
