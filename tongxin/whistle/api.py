"""/api/v1 of 吹哨报到.

- `GET /whistle/calls` — the calls to the caller's departments still waiting for 报到
- `POST /whistle/calls/{id}/acknowledge` — 报到 (`note` optional); 404 for a call of another
  department, 409 when already acknowledged

The whistle itself is the workflow's endpoint `POST /cases/{case_id}/actions/whistle` with
`co_departments` (department codes).
"""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from ninja import Field, Path, Router
from ninja import Schema as _Schema

from tongxin.api.auth import ApiRequest
from tongxin.api.schemas import MAX_ID, ErrorOut
from tongxin.core.errors import ValidationFailed

from . import selectors, services
from .models import WhistleCall

router = Router(tags=["whistle"])
ERRORS = {code: ErrorOut for code in (400, 401, 403, 404, 409, 422)}


class AckIn(_Schema):
    note: str = Field("", max_length=2000)


def call_dict(call: WhistleCall) -> dict:
    def iso(moment):
        return timezone.localtime(moment).isoformat() if moment else None

    return {"id": call.pk, "case_id": call.case_id, "number": call.case.number,
            "department": call.department.code, "called_at": iso(call.called_at),
            "due_at": iso(call.due_at), "acknowledged_at": iso(call.acknowledged_at),
            "missed": call.missed_at is not None}


@router.get("/whistle/calls", response={200: list[dict], **ERRORS})
def calls(request: ApiRequest):
    services.refuse_outside(request.auth)
    return [call_dict(c) for c in selectors.queue_of(request.auth)[:200]]


@router.post("/whistle/calls/{call_id}/acknowledge", response={200: dict, **ERRORS})
def acknowledge(request: ApiRequest, payload: AckIn, call_id: int = Path(..., ge=1, le=MAX_ID)):
    try:
        call = services.acknowledge(call_id=call_id, actor=request.auth, note=payload.note)
    except WhistleCall.DoesNotExist:
        raise Http404 from None
    except ValidationFailed as exc:
        exc.status_code = 409  # type: ignore[attr-defined]
        raise
    call = WhistleCall.objects.select_related("case", "department").get(pk=call.pk)
    return call_dict(call)
