"""Reads of cases. Everything goes through the jurisdiction filter."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from django.db.models import Case as DbCase
from django.db.models import Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from tongxin.accounts.models import User
from tongxin.cases.access import can_act, jurisdiction_filter
from tongxin.org.kinds import is_mediation_unit
from tongxin.security.crypto import normalise_phone, phone_hash

from . import workflow
from .conditions import FUNNEL_STAGES, RATING_FILTERS, open_late
from .models import OPEN_STATUSES, Case, CaseEvent, Status, Urgency
from .workflow import Facts, State, Transition


def visible_cases(user: User) -> QuerySet[Case]:
    return jurisdiction_filter(
        Case.objects.select_related(
            "category", "lead_department", "street", "community", "grid", "district",
            "owner_region",
        ),
        user,
    )


def with_reporter_phone(qs: QuerySet[Case], phone: str) -> QuerySet[Case]:
    """Cases reported from `phone`. The phone is SM4-encrypted with a random nonce, so it is
    found through its keyed SM3 hash (the same number typed as +86 138… matches too)."""
    digest = phone_hash(phone)
    return qs.filter(reporter_phone_hash=digest) if digest else qs.none()


def looks_like_phone(text: str) -> bool:
    digits = normalise_phone(text)
    return len(digits) >= 7 and len(digits) == len(text.replace(" ", "").replace("-", "")
                                                   .lstrip("+"))


def get_case(user: User, *, pk: int | None = None, number: str | None = None) -> Case:
    """The case if `user` may see it; Case.DoesNotExist otherwise, so a guessed id outside the
    user's jurisdiction looks exactly like one that does not exist."""
    lookup = {"pk": pk} if pk is not None else {"number": number}
    return visible_cases(user).get(**lookup)


def timeline(case: Case) -> QuerySet[CaseEvent]:
    return case.events.select_related("actor").prefetch_related("attachments")


def facts_of(case: Case, *, rework_limit: int) -> Facts:
    return Facts(
        state=State(case.status),
        has_lead_department=case.lead_department_id is not None,
        extension_pending=case.extension_pending,
        rating=case.rating or None,
        rework_count=case.rework_count,
        rework_limit=rework_limit,
        owner_is_root=case.owner.parent_id is None,
        lead_is_mediation=is_mediation_unit(case.lead_department_id),
    )


def available_actions(user: User, case: Case, *, rework_limit: int) -> list[Transition]:
    """The actions `user` may take on `case` right now: legal in the table and permitted."""
    return [
        row
        for row in workflow.legal_actions(facts_of(case, rework_limit=rework_limit))
        if can_act(user, row.permission, case, row.scope)
    ]


QUEUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("reported", (Status.REPORTED,)),
    ("adjudicating", (Status.ADJUDICATING,)),
    ("registered", (Status.REGISTERED,)),
    ("dispatched", (Status.DISPATCHED,)),
    ("in_progress", (Status.IN_PROGRESS,)),
    ("replied", (Status.REPLIED,)),
    ("closed", (Status.CLOSED, Status.REJECTED)),
)
QUEUE_STATUSES = dict(QUEUES)


def queue_counts(user: User) -> dict[str, int]:
    """Number of visible cases in each workbench queue, plus overdue, in one query."""
    aggregates = {
        name: Count("pk", filter=Q(status__in=statuses)) for name, statuses in QUEUES
    }
    # 当前超期: the one definition (cases.conditions.open_late) the boards and dashboard use.
    aggregates["overdue"] = Count("pk", filter=open_late(timezone.now()))
    return visible_cases(user).order_by().aggregate(**aggregates)


@dataclass(frozen=True)
class CaseSearch:
    queue: str = ""
    text: str = ""
    status: str = ""
    category: int | None = None
    region: int | None = None
    channel: str = ""
    date_from: date | None = None
    date_to: date | None = None
    overdue: bool = False
    stage: str = ""
    rating: str = ""


def search_cases(user: User, params: CaseSearch) -> QuerySet[Case]:
    qs = visible_cases(user)
    if params.queue in QUEUE_STATUSES:
        qs = qs.filter(status__in=QUEUE_STATUSES[params.queue])
    if params.status:
        qs = qs.filter(status=params.status)
    if params.text:
        t = params.text.strip()
        # The address is encrypted at rest and cannot be searched in the database; a phone
        # number is found through its hash.
        text_q = Q(number=t) | Q(title__icontains=t) | Q(description__icontains=t)
        if looks_like_phone(t):
            text_q |= Q(reporter_phone_hash=phone_hash(t))
        qs = qs.filter(text_q)
    if params.category:
        qs = qs.filter(
            Q(category_id=params.category) | Q(category__parent_id=params.category)
            | Q(category__parent__parent_id=params.category)
        )
    if params.region:
        qs = qs.filter(
            Q(district_id=params.region) | Q(street_id=params.region)
            | Q(community_id=params.region) | Q(grid_id=params.region)
        )
    if params.channel:
        qs = qs.filter(channel=params.channel)
    if params.date_from:
        qs = qs.filter(created_at__date__gte=params.date_from)
    if params.date_to:
        qs = qs.filter(created_at__date__lte=params.date_to)
    if params.overdue:
        qs = qs.filter(open_late(timezone.now()))
    if params.stage in FUNNEL_STAGES:
        # One stage of the dashboard's funnel: the same cohort condition (merged duplicates
        # left out), so the list's count is the funnel's figure for the same dates.
        qs = qs.filter(FUNNEL_STAGES[params.stage])
    if params.rating in RATING_FILTERS:
        qs = qs.filter(RATING_FILTERS[params.rating])
    return qs


def urgent_first(qs: QuerySet[Case]) -> QuerySet[Case]:
    """Urgent cases (特事特办) before the others, each group newest first."""
    rank = DbCase(When(urgency=Urgency.URGENT, then=Value(0)), default=Value(1),
                  output_field=IntegerField())
    return qs.order_by(rank, "-created_at", "-id")


# The case page's small map: open cases around the case's point (a box of about this many
# kilometres each way), at most this many.
NEARBY_KM = 1.0
NEARBY_LIMIT = 20


def nearby_open_cases(user: User, case: Case, *, km: float = NEARBY_KM,
                      limit: int = NEARBY_LIMIT) -> list[dict]:
    """Open cases the user may see within about `km` of `case`'s point, nearest first."""
    if case.lat is None or case.lng is None:
        return []
    dlat = km / 111.0
    dlng = km / (111.0 * max(0.2, math.cos(math.radians(case.lat))))
    rows = list(jurisdiction_filter(Case.objects.all(), user)
                .filter(status__in=OPEN_STATUSES,
                        lat__range=(case.lat - dlat, case.lat + dlat),
                        lng__range=(case.lng - dlng, case.lng + dlng))
                .exclude(pk=case.pk)
                .values("pk", "number", "title", "lat", "lng", "status", "warning")[:limit * 5])
    lat, lng = case.lat, case.lng

    def distance(row) -> float:
        return math.hypot((row["lat"] - lat) / dlat, (row["lng"] - lng) / dlng)
    return [dict(row) for row in sorted(rows, key=distance)[:limit]]
