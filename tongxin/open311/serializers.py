"""Cases and categories as GeoReport v2 services and service requests.

Open311 is public: a service request shows the problem, where it is, who handles it and how
far it got, never who reported it (no name, phone or account), and phone or ID-card numbers
typed into the description are masked.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _

from tongxin.accounts.masking import mask_address
from tongxin.cases.models import Case
from tongxin.cases.workflow import Kind
from tongxin.org.models import Category

# Notes written for the citizen: the result, an answer, the reason for rejection. Internal
# notes (adjudication, supervision, returns, extension requests) stay internal.
PUBLIC_NOTE_ACTIONS = ("reply", "answer", "close_on_spot", "reject", "merge", "verify_fail")
MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
ID_CARD = re.compile(r"(?<!\d)(\d{6})\d{8}(\d{3}[\dXx])(?!\d)")


def w3c(value: datetime | None) -> str | None:
    """W3C datetime with the local offset, e.g. 2026-11-22T14:39:00+08:00."""
    if value is None:
        return None
    return value.astimezone(ZoneInfo(settings.TIME_ZONE)).isoformat(timespec="seconds")


def open_or_closed(case: Case) -> str:
    # Suspended (under adjudication) is still being worked on: open for the public.
    return "closed" if case.kind is Kind.CLOSED else "open"


def mask_numbers(text: str) -> str:
    text = MOBILE.sub(r"\1****\2", text)
    return ID_CARD.sub(lambda m: m.group(1) + "*" * 8 + m.group(2), text)


def status_note(case: Case, events: list) -> str | None:
    """The last note meant for the public; `events` are the case's public-note events."""
    if case.merged_into_id and case.merged_into is not None:
        return _("Duplicate of request %(number)s.") % {"number": case.merged_into.number}
    notes = [e.note for e in events if e.note.strip()]
    return mask_numbers(notes[-1]) if notes else None


def service_request(case: Case, events: list) -> dict:
    category = case.category
    return {
        "service_request_id": case.number,
        "status": open_or_closed(case),
        "status_notes": status_note(case, events),
        "service_name": category.name if category else None,
        "service_code": category.code if category else None,
        "description": mask_numbers(case.description or case.title),
        "agency_responsible": case.lead_department.name if case.lead_department else None,
        "service_notice": None,
        "requested_datetime": w3c(case.created_at),
        "updated_datetime": w3c(case.updated_at),
        "expected_datetime": w3c(case.finish_deadline),
        # Minimised for the public: the road without house or room numbers, and the point
        # rounded to about 100 m (a reporter's home must not be locatable).
        "address": mask_address(case.address) or None,
        "address_id": None,
        "zipcode": None,
        "lat": round(case.lat, 3) if case.lat is not None else None,
        "long": round(case.lng, 3) if case.lng is not None else None,
        "media_url": None,
    }


def group_of(category: Category, by_id: dict[int, Category]) -> str:
    node = category
    while node.parent_id and node.parent_id in by_id:
        node = by_id[node.parent_id]
    return node.name


def service(category: Category, by_id: dict[int, Category], has_children: bool) -> dict:
    description = category.name
    if category.parent_id and category.parent_id in by_id:
        description = f"{by_id[category.parent_id].name} / {category.name}"
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": description,
        "metadata": has_children,
        "type": "realtime",
        "keywords": "",
        "group": group_of(category, by_id),
    }


SUBCATEGORY = "subcategory"


def definition(category: Category, children: list[Category]) -> dict:
    attributes = []
    if children:
        attributes.append({
            "variable": True,
            "code": SUBCATEGORY,
            "datatype": "singlevaluelist",
            "required": False,
            "datatype_description": _("Choose the more precise kind of problem, if one fits."),
            "order": 1,
            "description": _("Subcategory"),
            "values": [{"key": c.code, "name": c.name} for c in children],
        })
    return {"service_code": category.code, "attributes": attributes}
