"""/api/v1 of the mediation centre.

- `GET /mediation/disputes?status=` — the disputes whose cases the caller may see (the cases'
  jurisdiction filter), newest first
- `GET /mediation/disputes/{case_id}` — one dispute with its parties (masked as elsewhere),
  sessions and papers still missing
- `GET /mediation/metrics?by=org|mediator` — received, 调解成功率, 履行率, average days
- `GET /mediation/circle` — the 15分钟调解圈: mediation points, each grid's minutes to the
  nearest, and the shares of grids and buildings within the budget (tongxin.mediation.circle)

The case itself moves through the workflow's own endpoints, e.g.
`POST /cases/{case_id}/actions/transfer_to_mediation`.
"""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router
from ninja import Schema as _Schema

from tongxin.accounts.access import has_permission
from tongxin.accounts.permissions import VIEW
from tongxin.api.auth import ApiRequest
from tongxin.api.schemas import MAX_ID, ErrorOut
from tongxin.core.errors import PermissionDenied

from . import circle, dossier, selectors
from .models import Dispute, DisputeStatus

router = Router(tags=["mediation"])
ERRORS = {code: ErrorOut for code in (400, 401, 403, 404, 422)}


class DisputeQuery(_Schema):
    status: DisputeStatus | None = None
    limit: int = Field(50, ge=1, le=200)


class MetricsQuery(_Schema):
    by: str = Field("org", pattern="^(org|mediator)$")


def _viewer(request: ApiRequest) -> None:
    if not has_permission(request.auth, VIEW):
        raise PermissionDenied(_("You may not see disputes."))


def dispute_dict(d: Dispute, user, *, full: bool = False) -> dict:
    out = {
        "case_id": d.pk, "number": d.case.number, "case_status": d.case.status,
        "status": d.status, "type": d.type, "source": d.source, "complexity": d.complexity,
        "level": d.level, "amount": str(d.amount) if d.amount is not None else None,
        "organisation": d.org.department.code, "mediator": d.mediator.name if d.mediator else None,
        "received_at": timezone.localtime(d.received_at).isoformat(),
        "resolved_at": timezone.localtime(d.resolved_at).isoformat() if d.resolved_at else None,
    }
    if full:
        out |= {
            "facts": d.facts,
            "parties": [selectors.present_party(p, user) for p in selectors.parties_of(d)],
            "sessions": [{"id": s.pk, "kind": s.kind, "room": s.room.name if s.room else None,
                          "on_site": s.on_site, "mediator": s.mediator.name,
                          "starts_at": timezone.localtime(s.starts_at).isoformat(),
                          "ends_at": timezone.localtime(s.ends_at).isoformat(),
                          "recorded": bool(s.record)}
                         for s in d.sessions.select_related("room", "mediator")],
            "missing_papers": dossier.missing_papers(d),
        }
    return out


@router.get("/mediation/disputes", response={200: list[dict], **ERRORS},
            operation_id="list_disputes", summary="Disputes the caller may see, by status")
def list_disputes(request: ApiRequest, query: Query[DisputeQuery]):
    _viewer(request)
    qs = selectors.visible_disputes(request.auth, status=query.status or "")
    return [dispute_dict(d, request.auth) for d in qs[:query.limit]]


@router.get("/mediation/disputes/{case_id}", response={200: dict, **ERRORS},
            operation_id="get_dispute", summary="One dispute with parties, sessions and papers")
def get_dispute(request: ApiRequest, case_id: int = Path(..., ge=1, le=MAX_ID)):
    _viewer(request)
    try:
        dispute = selectors.get_dispute(request.auth, case_id)
    except Dispute.DoesNotExist:
        raise Http404 from None  # outside the jurisdiction looks like missing
    return dispute_dict(dispute, request.auth, full=True)


@router.get("/mediation/metrics", response={200: list[dict], **ERRORS},
            operation_id="mediation_metrics", summary="Mediation figures by organisation or "
            "mediator")
def metrics(request: ApiRequest, query: Query[MetricsQuery]):
    _viewer(request)
    return selectors.metrics(selectors.visible_disputes(request.auth), query.by)


@router.get("/mediation/circle", response={200: dict, **ERRORS},
            operation_id="mediation_circle", summary="The 15-minute mediation circle")
def mediation_circle(request: ApiRequest):
    _viewer(request)
    return circle.circle()
