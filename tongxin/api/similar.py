"""/cases/{id}/similar: open cases likely to be the same problem, with the reasons why."""

from __future__ import annotations

from ninja import Path, Router
from pydantic import Field

from tongxin.accounts.models import User
from tongxin.cases import selectors
from tongxin.cases.models import Case
from tongxin.triage.duplicates import find_duplicates, find_for_new

from .auth import ApiRequest
from .schemas import MAX_ID, CaseOut, ErrorOut, Schema

router = Router(tags=["cases"])
ERRORS = {code: ErrorOut for code in (401, 403, 404, 422)}
CASE_ID = Path(..., ge=1, le=MAX_ID)


class SimilarOut(Schema):
    id: int
    number: str
    score: float = Field(ge=0, le=1, description="0..1; at least the detector's threshold")
    reasons: list[str] = Field(description="why, in words: text similarity, distance, age …")


class CaseCreatedOut(CaseOut):
    possible_duplicates: list[SimilarOut] = Field(
        default_factory=list,
        description="open cases in the same area that look like the same problem",
    )


def similar_dicts(case: Case, user: User, *, limit: int = 5) -> list[dict]:
    found = (find_duplicates(case, limit=limit, user=user) if case.pk is not None
             else find_for_new(case, limit=limit, user=user))
    return [{"id": c.case_id, "number": c.number, "score": c.score, "reasons": c.reasons}
            for c in found]


@router.get("/cases/{case_id}/similar", response={200: list[SimilarOut], **ERRORS},
            operation_id="similar_cases", summary="Open cases that look like the same problem")
def similar(request: ApiRequest, case_id: int = CASE_ID):
    """Best first. Only open cases you may see, reported within the detector's window of this
    one in the same command area; each with a score and the reasons."""
    case = selectors.get_case(request.auth, pk=case_id)
    return similar_dicts(case, request.auth)
