"""Cases, events and attachments as the plain dicts the response schemas describe."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from tongxin.accounts.models import User
from tongxin.cases import selectors
from tongxin.cases.models import Attachment, Case, Status
from tongxin.cases.services import rework_limit
from tongxin.security.personal import reporter_fields


def local(value: datetime | None) -> datetime | None:
    """In the configured zone (Asia/Shanghai), so clients see +08:00 rather than UTC."""
    return timezone.localtime(value) if value is not None else None


def ref(obj) -> dict | None:
    return {"code": obj.code, "name": obj.name} if obj is not None else None


def case_dict(case: Case, user: User, *, reveal: bool = False, request=None) -> dict:
    """Lists and action results are masked; the detail reveals the reporter's contact to the
    roles that may see it, and each such read is an audit row."""
    person = reporter_fields(user, case, reveal=reveal, request=request, channel="api")
    return {
        "id": case.pk,
        "number": case.number,
        "title": case.title,
        "description": case.description,
        "channel": case.channel,
        "status": case.status,
        "status_label": str(Status(case.status).label),
        "kind": str(case.kind),
        "urgency": case.urgency,
        "category": ref(case.category),
        "lead_department": ref(case.lead_department),
        "district": ref(case.district),
        "street": ref(case.street),
        "community": ref(case.community),
        "grid": ref(case.grid),
        "lat": case.lat,
        "lng": case.lng,
        "outside_jurisdiction": case.outside_jurisdiction,
        "address": person["address"],
        "reporter_name": person["reporter_name"],
        "reporter_phone": person["reporter_phone"],
        "reporter_email": person["reporter_email"],
        "reporter_id_number": person["reporter_id_number"],
        "warning": case.warning,
        "rating": case.rating,
        "created_at": local(case.created_at),
        "updated_at": local(case.updated_at),
        "accept_deadline": local(case.accept_deadline),
        "finish_deadline": local(case.finish_deadline),
        "closed_at": local(case.closed_at),
    }


def attachment_dict(attachment: Attachment) -> dict:
    media = getattr(attachment, "media", None)
    has_thumb = media is not None and bool(media.thumbnail)
    return {
        "id": attachment.pk,
        "kind": media.kind if media is not None else attachment.content_type.split("/")[0],
        "content_type": attachment.content_type,
        "size": attachment.size,
        "event_id": attachment.event_id,
        "created_at": local(attachment.created_at),
        "url": reverse("api:attachment_file", kwargs={"attachment_id": attachment.pk}),
        "thumbnail_url": (
            reverse("api:attachment_thumbnail", kwargs={"attachment_id": attachment.pk})
            if has_thumb else None
        ),
    }


def detail_dict(case: Case, user: User, request=None) -> dict:
    events = list(selectors.timeline(case))
    attachments = list(
        case.attachments.select_related("media").order_by("id")
    )
    return {
        **case_dict(case, user, reveal=True, request=request),
        "co_departments": [ref(d) for d in case.co_departments.order_by("code")],
        "timeline": [
            {
                "id": e.pk,
                "action": e.action,
                "at": local(e.at),
                "actor": str(e.actor) if e.actor else None,
                "from_status": e.from_status,
                "to_status": e.to_status,
                "note": e.note,
                "data": e.data or {},
                "attachments": [a.pk for a in e.attachments.all()],
            }
            for e in events
        ],
        "attachments": [attachment_dict(a) for a in attachments],
        "actions": [
            str(row.action)
            for row in selectors.available_actions(user, case, rework_limit=rework_limit())
        ],
    }
