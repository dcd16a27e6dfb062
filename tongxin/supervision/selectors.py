"""Reads of supervision, all through the one jurisdiction filter.

An order or a referral about a case is visible exactly when its case is; a referral about a
unit is visible to region staff whose region contains the unit's.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import (
    Count,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from tongxin.accounts.access import memberships_of
from tongxin.accounts.models import Membership, Role, User
from tongxin.cases.access import jurisdiction_filter
from tongxin.cases.conditions import IN_COHORT, RATED, SATISFIED, open_late
from tongxin.cases.models import Case, CaseEvent, Status
from tongxin.cases.selectors import visible_cases

from .models import OrderKind, OrderStatus, Referral, SupervisionOrder


def _visible_case_ids(user: User) -> QuerySet:
    return jurisdiction_filter(Case.objects.all(), user).values("pk")


def orders_for(user: User, *, status: str | None = None) -> QuerySet[SupervisionOrder]:
    """Orders on the cases `user` may see, newest first."""
    qs = SupervisionOrder.objects.filter(case_id__in=_visible_case_ids(user)).select_related(
        "case", "department", "region", "created_by", "replied_by"
    )
    return qs.filter(status=status) if status else qs


def orders_awaiting(user: User) -> QuerySet[SupervisionOrder]:
    """Open orders addressed to `user` (their to-do list, and the count on their badge)."""
    return orders_for(user, status=OrderStatus.OPEN).filter(addressed_to=user)


def overdue_board(user: User, now: datetime | None = None) -> QuerySet[Case]:
    """Cases overdue now (当前超期, cases.conditions.open_late: the sidebar's and the
    dashboard's definition, not the sweep's last warning), most overdue first, each with
    `overdue_for` (how long past the deadline, natural time), `open_orders` (orders
    awaiting a reply) and, on the case, `supervision_count` and `lead_department` (the unit)."""
    now = now or timezone.now()
    open_orders = (
        SupervisionOrder.objects.filter(case_id=OuterRef("pk"), status=OrderStatus.OPEN)
        .order_by().values("case_id").annotate(n=Count("pk")).values("n")
    )
    return (
        visible_cases(user)
        .filter(open_late(now))
        .annotate(
            overdue_for=ExpressionWrapper(
                Value(now, output_field=DateTimeField()) - F("finish_deadline"),
                output_field=DurationField(),
            ),
            open_orders=Coalesce(Subquery(open_orders, output_field=IntegerField()), 0),
        )
        .order_by("finish_deadline", "pk")
    )


def _moment(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value
    return timezone.make_aware(datetime.combine(value, time.min))


def red_list(period_start: date | datetime, period_end: date | datetime, *, min_red: int = 1,
             user: User | None = None) -> list[dict[str, Any]]:
    """Units ranked by red cases in [period_start, period_end): the red list of DESIGN.md
    (units that let cases run overdue; the "black list" of a 红黑榜). One aggregate query.
    Each row: department_id, name, short_name, red_cases (distinct cases that went red) and
    red_alarms (counting a case again if it went red again after an extension or a new
    dispatch). With `user`, only cases in that user's jurisdiction count."""
    orders = SupervisionOrder.objects.filter(
        kind=OrderKind.AUTO, level=0,
        created_at__gte=_moment(period_start), created_at__lt=_moment(period_end),
    )
    if user is not None:
        orders = orders.filter(case_id__in=_visible_case_ids(user))
    rows = (
        orders.values("department_id", name=F("department__name"),
                      short_name=F("department__short_name"))
        .annotate(red_cases=Count("case_id", distinct=True), red_alarms=Count("pk"))
        .filter(red_cases__gte=min_red)
        .order_by("-red_cases", "-red_alarms", "department__code")
    )
    return [dict(row) for row in rows]


# A unit needs this many cases closed in the period to be praised: one lucky case is no record.
HONOUR_MIN_CLOSED = 3


def honour_list(period_start: date | datetime, period_end: date | datetime, *,
                min_closed: int = HONOUR_MIN_CLOSED,
                user: User | None = None) -> list[dict[str, Any]]:
    """The red side of 红黑榜 (红榜): units that did well in [period_start, period_end), the
    same period as red_list. A unit is listed when it closed at least `min_closed` cases in
    the period as their lead unit and every one of them was finished on time (the reply by
    the finish deadline: metrics' 按期办结), none was reworked (重办) or rated 不满意, at least
    one was rated and all ratings were 满意 or 基本满意; when it returned (退回) no case in
    the period; and when it is not on the period's black list (no case of it went red). Most
    closed cases first. Each row: department_id, name, short_name, closed, rated, satisfied.
    With `user`, only cases in that user's jurisdiction count."""
    start, end = _moment(period_start), _moment(period_end)
    cases = Case.objects.filter(IN_COHORT, status=Status.CLOSED, lead_department__isnull=False,
                                closed_at__gte=start, closed_at__lt=end)
    if user is not None:
        cases = cases.filter(pk__in=_visible_case_ids(user))
    deadline = F("finish_deadline")
    late = Q(finish_deadline__isnull=False) & (
        Q(replied_at__gt=deadline) | Q(replied_at__isnull=True, closed_at__gt=deadline))
    rows = (
        cases.values("lead_department_id", name=F("lead_department__name"),
                     short_name=F("lead_department__short_name"),
                     code=F("lead_department__code"))
        .annotate(closed=Count("pk"), rated=Count("pk", filter=RATED),
                  satisfied=Count("pk", filter=SATISFIED),
                  late=Count("pk", filter=late),
                  reworked=Count("pk", filter=Q(rework_count__gt=0)))
        .filter(closed__gte=min_closed, late=0, reworked=0, rated__gt=0,
                satisfied=F("rated"))
        .order_by("-closed", "-satisfied", "code")
    )
    black = {row["department_id"] for row in red_list(period_start, period_end, user=user)}
    returns = CaseEvent.objects.filter(action="return", at__gte=start, at__lt=end)
    if user is not None:
        returns = returns.filter(case_id__in=_visible_case_ids(user))
    returned = set(
        returns
        .annotate(unit=Subquery(Membership.objects.filter(
            user_id=OuterRef("actor_id"), role=Role.HANDLER, department__isnull=False,
        ).values("department_id")[:1]))
        .values_list("unit", flat=True).distinct()
    )
    return [
        {"department_id": row["lead_department_id"], "name": row["name"],
         "short_name": row["short_name"], "closed": row["closed"], "rated": row["rated"],
         "satisfied": row["satisfied"]}
        for row in rows
        if row["lead_department_id"] not in black | returned
    ]


def month(year: int, month_: int) -> tuple[date, date]:
    """The [start, end) of a calendar month, for red_list(*month(2026, 10))."""
    start = date(year, month_, 1)
    end = (start + timedelta(days=32)).replace(day=1)
    return start, end


REFERRAL_READERS = {Role.SUPERVISOR, Role.LEADER}


def referrals_for(user: User) -> QuerySet[Referral]:
    """Referrals about cases `user` may see or about units inside `user`'s regions — for
    supervisors and leaders only: the units concerned do not read discipline files."""
    readers = [m for m in memberships_of(user) if m.role in REFERRAL_READERS]
    if not readers:
        return Referral.objects.none()
    unit_q = Q(pk__in=[])
    for m in readers:
        if m.region is not None:
            unit_q |= Q(case__isnull=True, department__region__path__startswith=m.region.path)
    return Referral.objects.filter(
        Q(case_id__in=_visible_case_ids(user)) | unit_q
    ).select_related("case", "department", "created_by")
