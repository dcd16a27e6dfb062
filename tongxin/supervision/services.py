"""Writes of supervision: orders (督办单), replies, referrals (移送纪检).

Like every service: keyword-only arguments; lock → check permission → change → append the
case event with its inbox rows, in one transaction. Issuing an order and referring a case go through
tongxin.cases.services.act (actions `supervise` and `refer`), so the case's permission check
and audit trail are the workflow's own. The worker jobs live beside this module and are
re-exported here: the automatic orders (auto.on_red_alarms, a subscriber of the sweep's red
alarms), escalation and referral detection.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.accounts.access import memberships_of
from tongxin.accounts.models import Role, User
from tongxin.cases import events
from tongxin.cases.access import jurisdiction_filter
from tongxin.cases.models import Case, CaseEvent
from tongxin.cases.services import ActionInput, act
from tongxin.core.errors import PermissionDenied, ValidationFailed

from . import notify
from .addressees import unit_addressees
from .auto import on_red_alarms
from .escalation import escalate_unanswered
from .limits import reply_due
from .models import OrderKind, OrderStatus, ProblemType, Referral, SupervisionOrder
from .referrals import detect_referrals

__all__ = [
    "detect_referrals", "escalate_unanswered", "issue_order", "on_red_alarms",
    "refer_case", "reply_order",
]


def _required(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationFailed(_("Please write the text."))
    return text


def issue_order(*, case_id: int, actor: User, text: str,
                at: datetime | None = None) -> SupervisionOrder:
    """A supervisor's order on a case to its lead unit. Raises Case.DoesNotExist (outside the
    jurisdiction), IllegalTransition, PermissionDenied or ValidationFailed; then nothing
    changed."""
    text = _required(text)
    now = at or timezone.now()
    with transaction.atomic():
        # act locks the case, checks cases.supervise over it and appends the `supervise`
        # event; an error below rolls all of it back.
        case = act(case_id=case_id, actor=actor, action="supervise",
                   data=ActionInput(note=text), at=now)
        if case.lead_department_id is None:
            raise ValidationFailed(_("The case has no responsible unit yet; dispatch it first."))
        entry = CaseEvent.objects.filter(case_id=case.pk, action="supervise").latest("pk")
        order = SupervisionOrder.objects.create(
            case=case, department_id=case.lead_department_id, kind=OrderKind.MANUAL,
            text=text, event=entry, created_by=actor, created_at=now, due_at=reply_due(now),
        )
        order.addressed_to.set(unit_addressees([case.lead_department_id])[case.lead_department_id])
        notify.orders_opened([order.pk], now=now)
    return order


def may_reply(actor: User, order: SupervisionOrder) -> bool:
    """An addressee answers; so does any handler of the unit for a unit-level order (staff
    change, the order must not wait for someone who left)."""
    if not actor.is_authenticated or not actor.is_active:
        return False
    if order.addressed_to.filter(pk=actor.pk).exists():
        return True
    return order.level == 0 and any(
        m.role == Role.HANDLER and m.department_id == order.department_id
        for m in memberships_of(actor)
    )


def reply_order(*, order_id: int, actor: User, text: str,
                at: datetime | None = None) -> SupervisionOrder:
    """The unit's written reply (书面回复). A late reply to an escalated order is still taken:
    the record of the reply matters more than its lateness, which the trail already shows."""
    text = _required(text)
    now = at or timezone.now()
    with transaction.atomic():
        order = SupervisionOrder.objects.select_for_update(of=("self",)).get(pk=order_id)
        # The case is locked after the order (every order writer's order): its trail grows.
        order.case = Case.objects.select_for_update(of=("self",)).get(pk=order.case_id)
        visible = jurisdiction_filter(Case.objects.filter(pk=order.case_id), actor).exists()
        if not visible:
            raise SupervisionOrder.DoesNotExist
        if not may_reply(actor, order):
            raise PermissionDenied(_("Only the unit the order is addressed to may reply."))
        if order.status == OrderStatus.REPLIED:
            raise ValidationFailed(_("This order has already been answered."))
        order.reply, order.replied_by, order.replied_at = text, actor, now
        order.status = OrderStatus.REPLIED
        order.save(update_fields=["reply", "replied_by", "replied_at", "status"])
        events.record(order.case, events.new_event(
            order.case, action="supervise_reply", actor=actor, at=now, note=text,
            data={"order": order.pk}))
        notify.order_replied(order.pk, now=now)
    return order


def refer_case(*, case_id: int, actor: User, problem_type: str, reason: str,
               at: datetime | None = None) -> Referral:
    """A supervisor refers a case to discipline inspection by hand (the worker refers by
    rule: referrals.detect_referrals)."""
    reason = _required(reason)
    if problem_type not in ProblemType.values:
        raise ValidationFailed(_("Choose the kind of problem."))
    now = at or timezone.now()
    with transaction.atomic():
        case = act(case_id=case_id, actor=actor, action="refer",
                   data=ActionInput(note=reason), at=now)
        referral = Referral.objects.create(
            case=case, department_id=case.lead_department_id, problem_type=problem_type,
            reason=reason, created_by=actor, created_at=now,
        )
        notify.referrals_made([referral.pk], now=now, skip_user=actor.pk)
    return referral
