"""POST /api/v1/cases/{id}/rating: the citizen's rating from the portal or an app, through
the return-visit service (so 不满意 reopens the case for rework, and past the limit sends it
to supervision) — unlike the bare workflow action `rate`."""

from __future__ import annotations

from ninja import Field, Path, Router, Schema

from tongxin.api.auth import ApiRequest
from tongxin.api.present import case_dict
from tongxin.api.schemas import MAX_ID, CaseOut, ErrorOut, RatingCode
from tongxin.cases import selectors

from .services import rate_case

router = Router(tags=["feedback"])
ERRORS = {code: ErrorOut for code in (400, 401, 403, 404, 409, 422)}


class RatingIn(Schema):
    rating: RatingCode = Field(  # type: ignore[valid-type]
        ..., description="satisfied 满意, basically 基本满意, unsatisfied 不满意")
    comment: str = Field("", max_length=2000)


@router.post("/cases/{case_id}/rating", response={200: CaseOut, **ERRORS},
             operation_id="case_rating", summary="Rate a closed case (return visit)")
def rating(request: ApiRequest, payload: RatingIn, case_id: int = Path(..., ge=1, le=MAX_ID)):
    """The reporter (or staff recording it for them) rates a closed case. 不满意 reopens it
    for rework up to TONGXIN_REWORK_LIMIT times; after that it is referred to supervision."""
    case = selectors.get_case(request.auth, pk=case_id)
    rate_case(case_id=case.pk, rating=payload.rating, comment=payload.comment,
              actor=request.auth)
    case.refresh_from_db()
    return case_dict(case, request.auth)
