"""Cursor pagination over the case order (-created_at, -id).

A cursor is the position of the last row served, so pages stay stable while new cases
arrive (an offset would shift by one for every new report).
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from tongxin.core.errors import ValidationFailed


class BadCursor(ValidationFailed):
    status_code = 400


def encode(created_at: datetime, pk: int) -> str:
    raw = f"{created_at.isoformat()}|{pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        stamp, pk = raw.split("|")
        when = datetime.fromisoformat(stamp)
        if when.tzinfo is None:
            raise ValueError("naive")
        return when, int(pk)
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise BadCursor(_("The cursor is not valid; start again without one.")) from None


def page(qs: QuerySet, *, cursor: str | None, limit: int) -> tuple[list, str | None]:
    qs = qs.order_by("-created_at", "-id")
    if cursor:
        when, pk = decode(cursor)
        qs = qs.filter(Q(created_at__lt=when) | Q(created_at=when, id__lt=pk))
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (encode(rows[-1].created_at, rows[-1].pk) if more and rows else None)
