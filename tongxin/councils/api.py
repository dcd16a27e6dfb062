"""/api/v1 of the grid councils.

- `GET /councils/topics?status=` — the topics of the councils the caller may read (staff:
  their region's grids; representatives: their councils), each with `id`, `title`, `grid`,
  `status`
- `POST /councils/topics/{id}/votes` with `choice` (yes/no/abstain) — one ballot per
  household (or representative); a second is 409 with a message, as is a topic not in voting
- `POST /councils/topics/from-cases` with `case_ids` — a topic made from similar cases
"""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from ninja import Field, Path, Query, Router, Status
from ninja import Schema as _Schema

from tongxin.api.auth import ApiRequest
from tongxin.api.schemas import MAX_ID, ErrorOut, Id

from . import selectors, services
from .models import Choice, Topic, TopicStatus

router = Router(tags=["councils"])
ERRORS = {code: ErrorOut for code in (400, 401, 403, 404, 409, 422)}


class TopicQuery(_Schema):
    status: TopicStatus | None = None
    limit: int = Field(100, ge=1, le=500)


class VoteIn(_Schema):
    choice: Choice


class FromCasesIn(_Schema):
    case_ids: list[Id] = Field(..., min_length=2, max_length=50)
    title: str = Field("", max_length=200)


def topic_dict(t: Topic) -> dict:
    return {"id": t.pk, "title": t.title, "status": t.status,
            "grid": {"id": t.council.grid_id, "code": t.council.grid.code,
                     "name": t.council.grid.name},
            "council": t.council.name,
            "created_at": timezone.localtime(t.created_at).isoformat(),
            "votes": {"yes": t.yes, "no": t.no, "abstain": t.abstain}
            if t.decided_at else None}


def _topic(request: ApiRequest, topic_id: int) -> Topic:
    try:
        return selectors.get_topic(request.auth, topic_id)
    except Topic.DoesNotExist:
        raise Http404 from None


@router.get("/councils/topics", response={200: list[dict], **ERRORS})
def topics(request: ApiRequest, q: Query[TopicQuery]):
    rows = selectors.visible_topics(request.auth, status=q.status)[:q.limit]
    return [topic_dict(t) for t in rows]


@router.post("/councils/topics/from-cases", response={201: dict, **ERRORS})
def from_cases(request: ApiRequest, payload: FromCasesIn):
    t = services.topic_from_cases(actor=request.auth, case_ids=payload.case_ids,
                                  title=payload.title)
    return Status(201, topic_dict(t))


@router.get("/councils/topics/{topic_id}", response={200: dict, **ERRORS})
def topic(request: ApiRequest, topic_id: int = Path(..., ge=1, le=MAX_ID)):
    t = _topic(request, topic_id)
    return {**topic_dict(t), "text": t.text, "quorum": services.quorum(t),
            "minutes": t.minutes if t.minutes_published_at else ""}


@router.post("/councils/topics/{topic_id}/votes", response={201: dict, **ERRORS})
def vote(request: ApiRequest, payload: VoteIn, topic_id: int = Path(..., ge=1, le=MAX_ID)):
    t = _topic(request, topic_id)
    cast = services.vote(actor=request.auth, topic_id=t.pk, choice=payload.choice)
    return Status(201, {"topic": t.pk, "choice": cast.choice,
                        "at": timezone.localtime(cast.at).isoformat()})
