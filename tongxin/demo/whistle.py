"""吹哨报到 in the demo: the 矿区街道 command centre blows the whistle on a case being handled
and calls two departments; one reports in within ten minutes, the other misses its 30
minutes (the worker's sweep, run here at the moment it would have: warned, and counted in
its score)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Max
from django.utils import timezone

from tongxin.accounts.models import User
from tongxin.cases.models import Case, Status
from tongxin.cases.services import ActionInput, act
from tongxin.org.models import Department
from tongxin.whistle.models import WhistleCall
from tongxin.whistle.services import acknowledge, miss_overdue

from .accounts import DEMO_STREET, handler_username

CALLED = ("zhujian", "shuiwu", "shichang", "huanbao", "gongan")


def demo_whistles() -> int:
    """Idempotent: nothing when a whistle was blown already. Returns the calls made."""
    if WhistleCall.objects.exists():
        return 0
    now = timezone.now()
    case = (Case.objects.filter(street__name=DEMO_STREET, status=Status.IN_PROGRESS,
                                lead_department__isnull=False)
            .annotate(last=Max("events__at")).filter(last__lt=now - timedelta(hours=2))
            .order_by("pk").first())
    street = User.objects.filter(username="street_dispatcher").first()
    if case is None or street is None:
        return 0
    called = [d for d in Department.objects.filter(code__in=CALLED).exclude(
        pk=case.lead_department_id or 0).order_by("code")
        if User.objects.filter(username=handler_username(d.code)).exists()][:2]
    if len(called) < 2:
        return 0
    at = case.last + timedelta(minutes=30)  # type: ignore[attr-defined]
    act(case_id=case.pk, actor=street, action="whistle", at=at, data=ActionInput(
        co_departments=called, note="积水倒灌居民楼，请相关部门立即到场会商处置"))
    first = WhistleCall.objects.get(case=case, department=called[0])
    acknowledge(call_id=first.pk, actor=User.objects.get(username=handler_username(
        called[0].code)), note="已派人到场", at=at + timedelta(minutes=10))
    miss_overdue(now=at + timedelta(minutes=31))
    return len(called)
