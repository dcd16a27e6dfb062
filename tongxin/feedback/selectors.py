"""Reads of return visits, through the cases' jurisdiction filter."""

from __future__ import annotations

from django.db.models import QuerySet

from tongxin.accounts.access import roles_of
from tongxin.accounts.models import Role, User
from tongxin.cases.access import jurisdiction_filter
from tongxin.cases.models import Case

from .models import Method, ReturnVisit, VisitStatus


def visits_for(user: User) -> QuerySet[ReturnVisit]:
    cases = jurisdiction_filter(Case.objects.all(), user).values("pk")
    return ReturnVisit.objects.filter(case_id__in=cases).select_related(
        "case", "case__lead_department", "case__grid"
    )


def callback_list(user: User) -> QuerySet[ReturnVisit]:
    """Visits waiting for this user: operators call back hotline callers; grid workers ask
    on a household visit whatever is still unanswered in their grid."""
    waiting = visits_for(user).filter(status__in=[VisitStatus.PENDING, VisitStatus.UNREACHED])
    roles = roles_of(user)
    if Role.GRID_WORKER in roles and Role.OPERATOR not in roles:
        return waiting.order_by("due_at")
    return waiting.filter(method=Method.CALL).order_by("due_at")


def may_call_back(user: User) -> bool:
    return bool(roles_of(user) & {Role.OPERATOR, Role.GRID_WORKER, Role.DISPATCHER})
