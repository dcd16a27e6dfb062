"""Writes of return visits. Each one locks the visit, checks it is still waiting, rates the
case through tongxin.cases.services.act (so the trail and the workflow's rules apply), and
on 不满意 reopens the case for rework (重办); past the rework limit the case goes to
supervision (a referral of kind "unsatisfied after rework")."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.accounts.access import can_act
from tongxin.accounts.models import Membership, Role, User
from tongxin.cases.models import Case, Channel, Rating, Status
from tongxin.cases.services import ActionInput, act
from tongxin.cases.workflow import IllegalTransition, Scope
from tongxin.core.errors import PermissionDenied, ValidationFailed
from tongxin.outbound.sms import sms_backend
from tongxin.regions.models import Region

from .models import Method, ReturnVisit, VisitStatus

log = logging.getLogger(__name__)
TOKEN_SALT = "tongxin.feedback.visit"
SYSTEM_USERNAME = "tongxin-return-visit"


def answer_days() -> int:
    """Days a citizen has to answer before the visit counts as unreached."""
    return int(getattr(settings, "TONGXIN_VISIT_ANSWER_DAYS", 3))


def system_user(district: Region) -> User:
    """The account the return-visit service acts as when the citizen has none (SMS link):
    it rates, reopens and refers on the citizen's behalf, so the trail names it."""
    user, _created = User.objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"display_name": "回访系统", "password": "!"},
    )
    for role in (Role.DISPATCHER, Role.SUPERVISOR):
        Membership.objects.get_or_create(user=user, role=role, region=district)
    return User.objects.get(pk=user.pk)  # fresh: access caches memberships on the object


# ---------------------------------------------------------------- opening visits

def method_for(case: Case) -> str:
    """The result goes back through the channel the case came from."""
    if case.channel == Channel.HOTLINE:
        return Method.CALL
    if case.reporter_phone.strip():
        return Method.SMS
    if case.reporter_user_id:
        return Method.PORTAL
    return Method.CALL


def make_token(visit: ReturnVisit) -> str:
    return signing.dumps({"v": visit.pk, "r": visit.round}, salt=TOKEN_SALT, compress=True)


def visit_for_token(token: str) -> ReturnVisit:
    """The visit a link names; ValidationFailed for a forged, expired or used link."""
    max_age = timedelta(days=answer_days() + 30)
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=max_age)
        visit = ReturnVisit.objects.select_related("case").get(pk=data["v"], round=data["r"])
    except (signing.BadSignature, ReturnVisit.DoesNotExist, KeyError, TypeError):
        raise ValidationFailed(_("This link is not valid or has expired.")) from None
    return visit


def open_visits(now: datetime | None = None, base_url: str = "") -> dict[str, int]:
    """Worker job: one visit per closed, unrated case and closing round; text the link."""
    now = now or timezone.now()
    base_url = base_url or getattr(settings, "TONGXIN_PUBLIC_URL", "http://127.0.0.1:8000")
    due = (
        Case.objects.filter(status=Status.CLOSED, rating="", merged_into__isnull=True)
        .exclude(return_visits__round=F("rework_count"))
        .order_by("closed_at")[:200]
    )
    opened = sent = failed = 0
    for case in due:
        try:
            with transaction.atomic():
                visit, created = ReturnVisit.objects.get_or_create(
                    case=case, round=case.rework_count,
                    defaults={"method": method_for(case), "opened_at": now,
                              "due_at": now + timedelta(days=answer_days())},
                )
                if not created:
                    continue
                if visit.method == Method.SMS:
                    sent += _send_link(visit, case, base_url)
                opened += 1
        except Exception:  # the gateway failed: no visit is stored, the next round retries
            log.exception("return visit for case %s: the text message failed", case.number)
            failed += 1
    return {"opened": opened, "texted": sent, "failed": failed}


def _send_link(visit: ReturnVisit, case: Case, base_url: str) -> int:
    url = base_url.rstrip("/") + reverse("feedback:rate", args=[make_token(visit)])
    text = _("[Tongxin] Your case %(number)s is closed. Please rate how it was handled: "
             "%(url)s") % {"number": case.number, "url": url}
    visit.message_id = sms_backend().send(case.reporter_phone, text)[:100]
    visit.save(update_fields=["message_id"])
    return 1


def mark_unreached(now: datetime | None = None) -> dict[str, int]:
    """Worker job: visits without an answer by their due date count as unreached."""
    now = now or timezone.now()
    count = ReturnVisit.objects.filter(status=VisitStatus.PENDING, due_at__lt=now).update(
        status=VisitStatus.UNREACHED
    )
    return {"unreached": count}


# ---------------------------------------------------------------- answers

def answer_visit(*, visit_id: int, rating: str, comment: str = "", actor: User | None,
                 at: datetime | None = None) -> ReturnVisit:
    """Record the citizen's answer. `actor` None is the citizen through the signed link;
    otherwise the operator, grid worker or citizen account recording it. Raises
    ValidationFailed for a bad rating or a visit already answered."""
    if rating not in Rating.values:
        raise ValidationFailed(_("Choose 满意, 基本满意 or 不满意."))
    now = at or timezone.now()
    with transaction.atomic():
        visit = ReturnVisit.objects.select_for_update().select_related("case").get(pk=visit_id)
        if visit.status == VisitStatus.ANSWERED:
            raise ValidationFailed(_("This return visit has already been answered."))
        _rate_case(visit.case, rating, comment, actor, now)
        visit.status, visit.rating, visit.comment = VisitStatus.ANSWERED, rating, comment
        visit.answered_at, visit.visited_by = now, actor
        visit.save(update_fields=["status", "rating", "comment", "answered_at", "visited_by"])
    return visit


def rate_case(*, case_id: int, rating: str, comment: str = "", actor: User,
              at: datetime | None = None, household: bool = False) -> ReturnVisit:
    """A rating given outside a waiting visit (the portal's "my cases", a grid worker's
    household visit): it becomes the answer of this round's visit."""
    now = at or timezone.now()
    with transaction.atomic():
        case = Case.objects.get(pk=case_id)
        method = Method.HOUSEHOLD if household else method_for(case)
        visit, _created = ReturnVisit.objects.get_or_create(
            case=case, round=case.rework_count,
            defaults={"method": method, "opened_at": now, "due_at": now},
        )
        if household and visit.status != VisitStatus.ANSWERED:
            visit.method = Method.HOUSEHOLD
            visit.save(update_fields=["method"])
        return answer_visit(visit_id=visit.pk, rating=rating, comment=comment, actor=actor,
                            at=now)


def _rate_case(case: Case, rating: str, comment: str, actor: User | None,
               now: datetime) -> None:
    system = system_user(case.district)
    rater = actor if actor is not None else system
    if actor is not None and not can_act(actor, "cases.rate", case, Scope.REPORTER):
        raise PermissionDenied(_("You may not rate this case."))
    note = comment.strip()
    act(case_id=case.pk, actor=rater, action="rate", at=now,
        data=ActionInput(rating=rating, note=note))
    if rating != Rating.UNSATISFIED:
        return
    reason = note or _("The citizen is not satisfied with the result.")
    try:
        act(case_id=case.pk, actor=system, action="reopen", at=now,
            data=ActionInput(note=_("Rework: %(reason)s") % {"reason": reason}))
    except IllegalTransition as refused:
        _to_supervision(case, system, reason, refused, now)


def _to_supervision(case: Case, system: User, reason: str, refused: IllegalTransition,
                    now: datetime) -> None:
    from tongxin.supervision.models import ProblemType, Referral
    from tongxin.supervision.services import refer_case

    if case.lead_department_id is None:
        return  # no unit handled it (answered at once, closed on the spot): nothing to redo
    if Referral.objects.filter(case_id=case.pk,
                               problem_type=ProblemType.UNSATISFIED_AFTER_REWORK).exists():
        return
    text = _("Still unsatisfied after %(count)s reworks (%(why)s): %(reason)s") % {
        "count": case.rework_count, "why": refused.reason, "reason": reason,
    }
    refer_case(case_id=case.pk, actor=system, problem_type=ProblemType.UNSATISFIED_AFTER_REWORK,
               reason=text, at=now)
