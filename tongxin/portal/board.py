"""The public board (融媒体监督): handled cases with their outcome, anonymised.

Shown to anyone, so nothing personal leaves: no reporter, no exact address (the community
only), phone numbers and long digit runs in the text replaced by asterisks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from tongxin.cases.models import Case, Status
from tongxin.security.personal import scrub_case_text, scrub_text

DIGITS = re.compile(r"\d{5,}")
MAX_TEXT = 140
PAGE = 20


def redact(text: str, case: Case | None = None) -> str:
    """Hide numbers that could identify someone (phones with separators, ID cards, landlines,
    e-mail addresses, house numbers) and the case's own reporter wherever the text names them."""
    text = scrub_case_text(case, text) if case is not None else scrub_text(text)
    text = DIGITS.sub(lambda m: "*" * len(m.group()), text)
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "…"


@dataclass(frozen=True)
class BoardEntry:
    number: str
    title: str
    text: str
    place: str
    category: str
    outcome: str
    rating: str
    closed_at: datetime | None


def board_cases() -> QuerySet[Case]:
    # Closed by handling (not rejected or merged): the outcome is what the public wants to see.
    return (Case.objects.filter(status=Status.CLOSED, merged_into__isnull=True)
            .select_related("street", "community", "category")
            .order_by("-closed_at", "-id"))


def board_entries(*, limit: int = PAGE, offset: int = 0) -> list[BoardEntry]:
    return [
        BoardEntry(
            number=case.number, title=redact(case.title, case),
            text=redact(case.description, case),
            place=" ".join(r.name for r in (case.street, case.community) if r is not None),
            category=case.category.name if case.category else "",
            outcome=redact(case.result, case),
            rating=case.get_rating_display() if case.rating else "",
            closed_at=case.closed_at,
        )
        for case in board_cases()[offset:offset + limit]
    ]
