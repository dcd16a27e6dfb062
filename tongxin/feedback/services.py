"""Return visits and ratings. Every rating, by whatever door, is the engine's `rate` action
(`rate` here); on 不满意 the engine reworks the case (重办). This app's bus subscriber records
the answer of the round's visit and, past the rework limit, refers the case to supervision (a
referral of kind "unsatisfied after rework")."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.accounts.models import Membership, Role, User
from tongxin.cases.events import Recorded
from tongxin.cases.models import Case, CaseEvent, Channel, Rating, Status
from tongxin.cases.services import ActionInput, Step, act_steps, system_act
from tongxin.core.errors import ValidationFailed
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
    if case.channel == Channel.HOTLINE and case.reporter_phone.strip():
        return Method.CALL
    if case.reporter_phone.strip():
        return Method.SMS
    if case.reporter_user_id:
        return Method.PORTAL
    return Method.CALL


# Someone to ask: a number to call or text (its keyed hash is empty exactly when the number
# has no digits), or an account to ask in the portal. A grid worker's own report of a broken
# lamp has neither: there is no one to call back, so no visit waits on a list for ever.
REACHABLE = ~Q(reporter_phone_hash="") | Q(reporter_user__isnull=False)


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
        Case.objects.filter(REACHABLE, status=Status.CLOSED, rating="", merged_into__isnull=True)
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
    with transaction.atomic():
        visit = ReturnVisit.objects.select_for_update().get(pk=visit_id)
        if visit.status == VisitStatus.ANSWERED:
            raise ValidationFailed(_("This return visit has already been answered."))
        rate(case_id=visit.case_id, rating=rating, comment=comment, actor=actor, at=at,
             via=visit.method)
    visit.refresh_from_db()
    return visit


def rate_case(*, case_id: int, rating: str, comment: str = "", actor: User,
              at: datetime | None = None, household: bool = False) -> ReturnVisit:
    """A rating given outside a waiting visit (the portal's "my cases", a grid worker's
    household visit): it becomes the answer of this round's visit."""
    rate(case_id=case_id, rating=rating, comment=comment, actor=actor, at=at,
         via=Method.HOUSEHOLD if household else "")
    return ReturnVisit.objects.filter(case_id=case_id).latest("round")


def rate(*, case_id: int, rating: str, comment: str = "", actor: User | None,
         at: datetime | None = None, via: str = "") -> Case:
    """The one way a rating is given, whatever the door (visit link, portal, API, household
    visit, anonymous follow link, staff on the citizen's behalf): the `rate` action, and on
    不满意 the engine's rework; this app's subscriber records the round's return visit."""
    details = {"via": via} if via else {}
    if actor is None:
        return system_act(case_id=case_id, action="rate", details=details, at=at,
                          data=ActionInput(rating=rating, note=comment.strip()[:2000]))
    return act_steps(case_id=case_id, at=at, steps=[Step(
        "rate", actor, ActionInput(rating=rating, note=comment.strip()[:2000]), details,
    )]).case


def on_ratings(items: Sequence[Recorded]) -> None:
    """Bus subscriber: each rating answers the return visit of the round it rates (opened
    now if there was none), and a 不满意 the table would not rework any more (the limit is
    reached) goes to supervision."""
    reworked = {item.case.pk for item in items if item.event.action == "reopen"}
    for item in items:
        if item.event.action != "rate":
            continue
        _answer_round(item)
        unsatisfied = item.event.data.get("rating") == Rating.UNSATISFIED
        if unsatisfied and item.case.pk not in reworked:
            _to_supervision(item.case, item.event)


def _answer_round(item: Recorded) -> None:
    case, event = item.case, item.event
    via = event.data.get("via") or method_for(case)
    ReturnVisit.objects.bulk_create([ReturnVisit(
        case_id=case.pk, round=event.data.get("round", case.rework_count), method=via,
        status=VisitStatus.ANSWERED, opened_at=event.at, due_at=event.at,
        answered_at=event.at, rating=event.data.get("rating", ""), comment=event.note,
        visited_by_id=event.actor_id,
    )], update_conflicts=True, unique_fields=["case", "round"],
        update_fields=["status", "answered_at", "rating", "comment", "visited_by"])
    if via == Method.HOUSEHOLD:
        ReturnVisit.objects.filter(case_id=case.pk, round=event.data.get("round", 0)).update(
            method=Method.HOUSEHOLD)


def _to_supervision(case: Case, event: CaseEvent) -> None:
    from tongxin.supervision.models import ProblemType, Referral
    from tongxin.supervision.services import refer_case

    if case.lead_department_id is None:
        return  # no unit handled it (answered at once, closed on the spot): nothing to redo
    if Referral.objects.filter(case_id=case.pk,
                               problem_type=ProblemType.UNSATISFIED_AFTER_REWORK).exists():
        return
    reason = event.note or _("The citizen is not satisfied with the result.")
    text = _("Still unsatisfied after %(count)s reworks: %(reason)s") % {
        "count": case.rework_count, "reason": reason,
    }
    refer_case(case_id=case.pk, actor=system_user(case.district),
               problem_type=ProblemType.UNSATISFIED_AFTER_REWORK, reason=text, at=event.at)
