"""Pages of the grid councils: the topic list (with a topic made from similar cases, or
proposed), the topic page with every step — support, vetting, comments, the meeting with
registrations and attendance (and the quorum), the vote, the count, the minutes, the work
items as cases and the outcome rating — and the public notice of published minutes.

Every form posts to `tongxin.councils.services`; a refusal comes back as a message on the
page with a 4xx status."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.accounts.http import AuthenticatedHttpRequest
from tongxin.core.errors import PermissionDenied, ValidationFailed

from . import selectors, services
from .models import Choice, Council, Topic, TopicStatus


def _topic(request: AuthenticatedHttpRequest, pk: int) -> Topic:
    try:
        return selectors.get_topic(request.user, pk)
    except Topic.DoesNotExist:
        raise Http404 from None


def _text(request, name: str) -> str:
    return (request.POST.get(name) or "").strip()


@login_required
def topics(request: AuthenticatedHttpRequest, status: int = 200):
    wanted = request.GET.get("status", "")
    if wanted not in TopicStatus.values:
        wanted = ""
    councils = list(selectors.visible_councils(request.user))
    proposes = [c for c in councils if services.seat_of(request.user, c)
                or services.is_staff_of(request.user, c)]
    return render(request, "councils/list.html", {
        "topics": selectors.visible_topics(request.user, status=wanted)[:200],
        "status": wanted, "statuses": TopicStatus.choices, "councils": proposes,
        "active_page": "councils"}, status=status)


@login_required
@require_POST
def propose(request: AuthenticatedHttpRequest):
    try:
        if request.POST.get("case_numbers"):
            numbers = [n for n in _text(request, "case_numbers").replace("，", ",")
                       .replace("\n", ",").split(",") if n.strip()]
            from tongxin.cases.selectors import visible_cases

            ids = list(visible_cases(request.user).filter(
                number__in=[n.strip() for n in numbers]).values_list("pk", flat=True))
            if len(ids) != len(numbers):
                raise ValidationFailed(_("Choose at least two cases you can see."))
            topic = services.topic_from_cases(actor=request.user, case_ids=ids,
                                              title=_text(request, "title"))
        else:
            council = selectors.visible_councils(request.user).filter(
                pk=request.POST.get("council") or 0).first()
            if council is None:
                raise ValidationFailed(_("Choose a council."))
            topic = services.propose(actor=request.user, council=council,
                                     title=_text(request, "title"), text=_text(request, "text"))
    except (PermissionDenied, ValidationFailed) as exc:
        messages.error(request, str(exc))
        return topics(request, status=403 if isinstance(exc, PermissionDenied) else 400)
    messages.success(request, _("Topic proposed."))
    return redirect("councils:topic", pk=topic.pk)


def _page(request: AuthenticatedHttpRequest, topic: Topic, status: int = 200):
    user, council = request.user, topic.council
    seat = services.seat_of(user, council)
    meeting = getattr(topic, "meeting", None)
    attended = (set(meeting.attendance.values_list("representative_id", flat=True))
                if meeting else set())
    return render(request, "councils/topic.html", {
        "topic": topic, "council": council, "seat": seat,
        "manages": services.manages(user, council), "vets": services.vets(user, council),
        "staff": services.is_staff_of(user, council),
        "supporters": topic.supports.select_related("user").order_by("at"),
        "comments": topic.comments.select_related("author").order_by("at"),
        "meeting": meeting,
        "registrations": meeting.registrations.select_related("user") if meeting else [],
        "representatives": [(r, r.pk in attended) for r in
                            council.representatives.select_related("user").order_by("pk")],
        "quorum": services.quorum(topic), "choices": Choice.choices,
        "voted": seat is not None and topic.votes.filter(
            ballot=services.ballot_of(seat)).exists(),
        "work_items": topic.work_items.select_related("case"),
        "source_cases": topic.source_cases.order_by("created_at"),
        "ratings": topic.ratings.count(),
        "claims": topic.claims.filter(status="pending").select_related("user").order_by("pk")
        if services.manages(user, council) else [],
        "active_page": "councils"}, status=status)


@login_required
def topic(request: AuthenticatedHttpRequest, pk: int):
    return _page(request, _topic(request, pk))


def _moment(request, name: str) -> datetime:
    try:
        value = datetime.fromisoformat(request.POST.get(name) or "")
    except ValueError:
        raise ValidationFailed(_("Give a date and a time.")) from None
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _ids(request, name: str) -> list[int]:
    try:
        return [int(v) for v in request.POST.getlist(name)]
    except ValueError:
        raise ValidationFailed(_("Choose from the list.")) from None


Step = Callable[[AuthenticatedHttpRequest, Topic], str]

STEPS: dict[str, Step] = {
    "support": lambda r, t: (services.support(actor=r.user, topic_id=t.pk),
                             _("Support recorded."))[1],
    "submit": lambda r, t: (services.submit(actor=r.user, topic_id=t.pk),
                            _("Sent to the grid party branch for vetting."))[1],
    "vet": lambda r, t: (services.vet(actor=r.user, topic_id=t.pk,
                                      approve=r.POST.get("decision") == "approve",
                                      note=_text(r, "note")), _("Vetting recorded."))[1],
    "comment": lambda r, t: (services.comment(actor=r.user, topic_id=t.pk,
                                              text=_text(r, "text")), _("Comment added."))[1],
    "schedule": lambda r, t: (services.schedule(
        actor=r.user, topic_id=t.pk, starts_at=_moment(r, "starts_at"),
        place=_text(r, "place"), agenda=_text(r, "agenda")), _("Meeting scheduled."))[1],
    "register": lambda r, t: (services.register(actor=r.user, topic_id=t.pk),
                              _("You are registered for the meeting."))[1],
    "attendance": lambda r, t: _("Attendance recorded: %(present)d of %(total)d present, "
                                 "%(needed)d needed.") % services.record_attendance(
        actor=r.user, topic_id=t.pk, representative_ids=_ids(r, "present")),
    "open_vote": lambda r, t: (services.open_vote(actor=r.user, topic_id=t.pk),
                               _("The vote is open."))[1],
    "vote": lambda r, t: (services.vote(actor=r.user, topic_id=t.pk,
                                        choice=r.POST.get("choice") or ""),
                          _("Your vote is counted."))[1],
    "close_vote": lambda r, t: (services.close_vote(actor=r.user, topic_id=t.pk),
                                _("The vote is counted."))[1],
    "minutes": lambda r, t: (services.publish_minutes(actor=r.user, topic_id=t.pk,
                                                      text=_text(r, "text")),
                             _("Minutes published on the portal."))[1],
    "work_item": lambda r, t: _("Case %(number)s opened for the decision.") % {
        "number": services.add_work_item(actor=r.user, topic_id=t.pk,
                                         title=_text(r, "title")).number},
    "review": lambda r, t: _("Reviewed: %(approved)d approved, %(capped)d over the daily cap, "
                             "%(refused)d refused.") % services.review_claims(
        actor=r.user, topic_id=t.pk, claim_ids=_ids(r, "claim"),
        approve=r.POST.get("decision") == "approve"),
    "rate": lambda r, t: (services.rate_outcome(actor=r.user, topic_id=t.pk,
                                                score=int(r.POST.get("score") or 0)),
                          _("Thank you for rating the outcome."))[1],
}


@login_required
@require_POST
def step(request: AuthenticatedHttpRequest, pk: int, name: str):
    if name not in STEPS:
        raise Http404
    t = _topic(request, pk)
    try:
        done = STEPS[name](request, t)
    except Topic.DoesNotExist:
        raise Http404 from None
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return _page(request, _topic(request, pk), status=403)
    except ValidationFailed as exc:
        messages.error(request, str(exc))
        return _page(request, _topic(request, pk),
                     status=409 if getattr(exc, "status_code", 0) == 409 else 400)
    messages.success(request, done)
    return redirect("councils:topic", pk=pk)


def public(request: HttpRequest):
    """公示: the published minutes of every council, for anyone (the portal links here)."""
    return render(request, "councils/public.html", {
        "topics": selectors.published_minutes(50),
        "councils": Council.objects.count(), "tab": "councils"})
