"""Writes of the grid councils: each step locks the topic, checks who may take it and in
which status, changes it. Refusals raise before anything is written (ValidationFailed for a
step not possible now, with status 409 where the state forbids it; PermissionDenied for a
seat or role that does not allow it; Topic.DoesNotExist outside the reader's sight).

The work a decision calls for goes to the case engine (tongxin.cases.services.create_case)
and is handled, rated and scored like any other case.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.accounts.access import memberships_of
from tongxin.accounts.models import Role, User
from tongxin.cases import selectors as case_selectors
from tongxin.cases import services as case_services
from tongxin.cases.models import Case, Channel
from tongxin.core.errors import PermissionDenied, ValidationFailed
from tongxin.party.models import OrgLevel, PartyOrg

from .models import (
    Attendance,
    Choice,
    ClaimKind,
    ClaimStatus,
    Comment,
    Council,
    Meeting,
    OutcomeRating,
    ParticipationClaim,
    Registration,
    Representative,
    Seat,
    Support,
    Topic,
    TopicStatus,
    Vote,
    VoteBy,
    WorkItem,
)

S = TopicStatus
STAFF_ROLES = frozenset({Role.DISPATCHER, Role.ADMIN, Role.GRID_WORKER})


class Conflict(ValidationFailed):
    """The step is not possible in the topic's present state (HTTP 409)."""

    status_code = 409


def seat_of(user: User, council: Council) -> Representative | None:
    if not user.is_authenticated:
        return None
    return Representative.objects.filter(council=council, user=user).first()


def is_staff_of(user: User, council: Council) -> bool:
    """A dispatcher, administrator or grid worker whose region holds the council's grid."""
    if not user.is_authenticated:
        return False
    grid_path = council.grid.path
    return any(m.region is not None and m.role in STAFF_ROLES
               and grid_path.startswith(m.region.path) for m in memberships_of(user))


def manages(user: User, council: Council) -> bool:
    seat = seat_of(user, council)
    return is_staff_of(user, council) or (seat is not None and seat.seat == Seat.CONVENER)


def vets(user: User, council: Council) -> bool:
    """The grid party branch: its seat on the council, or the secretary of the 网格党支部
    on the council's grid (tongxin.party)."""
    seat = seat_of(user, council)
    if seat is not None and seat.seat == Seat.BRANCH:
        return True
    return PartyOrg.objects.filter(level=OrgLevel.GRID_BRANCH, region_id=council.grid_id,
                                   secretary__user=user).exists()


def quorum_share(council: Council) -> float:
    if council.quorum_share is not None:
        return council.quorum_share
    return float(getattr(settings, "TONGXIN_COUNCIL_QUORUM", 2 / 3))


def quorum(topic: Topic) -> dict[str, int]:
    """Representatives in the council, present at the topic's meeting, and needed."""
    total = Representative.objects.filter(council_id=topic.council_id).count()
    present = Attendance.objects.filter(meeting__topic=topic).count()
    # A hair under the share counts (⅔ of 6 is 4, not 4.0000001).
    needed = max(1, math.ceil(quorum_share(topic.council) * total - 1e-9))
    return {"total": total, "present": present, "needed": needed}


def _locked(topic_id: int) -> Topic:
    return (Topic.objects.select_for_update(of=("self",)).select_related("council__grid")
            .get(pk=topic_id))


def _in(topic: Topic, *statuses: str) -> None:
    if topic.status not in statuses:
        raise Conflict(_("Not possible while the topic is “%(status)s”.")
                       % {"status": topic.get_status_display()})


def _manager(actor: User, topic: Topic) -> None:
    if not manages(actor, topic.council):
        raise PermissionDenied(_("Only the council's convener or the community's staff may "
                                 "do this."))


def _representative(actor: User, topic: Topic) -> Representative:
    seat = seat_of(actor, topic.council)
    if seat is None:
        raise PermissionDenied(_("Only the council's representatives may do this."))
    return seat


def _now(at: datetime | None) -> datetime:
    return at or timezone.now()


# ---------------------------------------------------------------- proposing and vetting


def propose(*, actor: User, council: Council, title: str, text: str,
            at: datetime | None = None) -> Topic:
    if seat_of(actor, council) is None and not is_staff_of(actor, council):
        raise PermissionDenied(_("Only the council's representatives may propose a topic."))
    if not title.strip() or not text.strip():
        raise ValidationFailed(_("A topic needs a title and a text."))
    with transaction.atomic():
        topic = Topic.objects.create(council=council, title=title.strip()[:200],
                                     text=text.strip(), proposer=actor, created_at=_now(at))
        if seat_of(actor, council) is not None:
            _claim([actor.pk], topic, ClaimKind.PROPOSAL, topic.created_at)
    return topic


def topic_from_cases(*, actor: User, case_ids: Sequence[int], title: str = "",
                     at: datetime | None = None) -> Topic:
    """One click: a run of similar cases of one grid becomes a topic of the grid's council,
    its text listing them (the cases stay as they are)."""
    cases = list(case_selectors.visible_cases(actor).filter(pk__in=list(case_ids))
                 .order_by("created_at"))
    if len(cases) < 2 or len(cases) != len(set(case_ids)):
        raise ValidationFailed(_("Choose at least two cases you can see."))
    grids = {c.grid_id for c in cases}
    if len(grids) != 1 or None in grids:
        raise ValidationFailed(_("The cases must lie in one grid."))
    council = Council.objects.select_related("grid").filter(grid_id=cases[0].grid_id).first()
    if council is None:
        raise ValidationFailed(_("The grid of these cases has no council."))
    lines = [_("Raised again and again in the grid (%(count)d cases):") % {"count": len(cases)}]
    lines += [f"- {c.number} {c.title}" for c in cases]
    with transaction.atomic():
        topic = propose(actor=actor, council=council, title=title or cases[0].title,
                        text="\n".join(lines), at=at)
        topic.source_cases.set(cases)
    return topic


def support(*, actor: User, topic_id: int, at: datetime | None = None) -> Support:
    with transaction.atomic():
        topic = _locked(topic_id)
        _representative(actor, topic)
        _in(topic, S.PROPOSED)
        if Support.objects.filter(topic=topic, user=actor).exists():
            raise Conflict(_("You support this topic already."))
        return Support.objects.create(topic=topic, user=actor, at=_now(at))


def submit(*, actor: User, topic_id: int) -> Topic:
    """To the grid party branch for vetting (the proposer or the convener)."""
    with transaction.atomic():
        topic = _locked(topic_id)
        if topic.proposer_id != actor.pk:
            _manager(actor, topic)
        _in(topic, S.PROPOSED)
        topic.status = S.VETTING
        topic.save(update_fields=["status"])
    return topic


def vet(*, actor: User, topic_id: int, approve: bool, note: str = "",
        at: datetime | None = None) -> Topic:
    """The grid party branch (网格党支部) lets the topic go to public comment or rejects it."""
    now = _now(at)
    with transaction.atomic():
        topic = _locked(topic_id)
        if not vets(actor, topic.council):
            raise PermissionDenied(_("Only the grid party branch vets topics."))
        _in(topic, S.VETTING)
        if not approve and not note.strip():
            raise ValidationFailed(_("Say why the topic is rejected."))
        days = int(getattr(settings, "TONGXIN_COUNCIL_COMMENT_DAYS", 7))
        topic.status = S.COMMENTING if approve else S.REJECTED
        topic.comments_until = now + timedelta(days=days) if approve else None
        topic.vetted_by, topic.vet_note = actor, note.strip()[:500]
        topic.save(update_fields=["status", "comments_until", "vetted_by", "vet_note"])
    return topic


def comment(*, actor: User, topic_id: int, text: str, at: datetime | None = None) -> Comment:
    with transaction.atomic():
        topic = _locked(topic_id)
        if seat_of(actor, topic.council) is None and not is_staff_of(actor, topic.council):
            raise PermissionDenied(_("Only the council's representatives may comment."))
        _in(topic, S.COMMENTING)
        if not text.strip():
            raise ValidationFailed(_("Write a comment."))
        made = Comment.objects.create(topic=topic, author=actor, text=text.strip(), at=_now(at))
        if seat_of(actor, topic.council) is not None:
            _claim([actor.pk], topic, ClaimKind.COMMENT, made.at)
        return made


# ---------------------------------------------------------------- the meeting and the vote


def schedule(*, actor: User, topic_id: int, starts_at: datetime, place: str, agenda: str
             ) -> Meeting:
    with transaction.atomic():
        topic = _locked(topic_id)
        _manager(actor, topic)
        _in(topic, S.COMMENTING)
        if not place.strip() or not agenda.strip():
            raise ValidationFailed(_("A meeting needs a place and an agenda."))
        meeting = Meeting.objects.create(topic=topic, starts_at=starts_at, place=place.strip(),
                                         agenda=agenda.strip())
        topic.status = S.SCHEDULED
        topic.save(update_fields=["status"])
    return meeting


def register(*, actor: User, topic_id: int, at: datetime | None = None) -> Registration:
    with transaction.atomic():
        topic = _locked(topic_id)
        _representative(actor, topic)
        _in(topic, S.SCHEDULED)
        registration, _created = Registration.objects.get_or_create(
            meeting=topic.meeting, user=actor, defaults={"at": _now(at)})
    return registration


def record_attendance(*, actor: User, topic_id: int, representative_ids: Sequence[int],
                      at: datetime | None = None) -> dict[str, int]:
    """签到: the representatives present (added to those already recorded)."""
    now = _now(at)
    with transaction.atomic():
        topic = _locked(topic_id)
        _manager(actor, topic)
        _in(topic, S.SCHEDULED)
        seats = list(Representative.objects.filter(council_id=topic.council_id,
                                                   pk__in=list(representative_ids)))
        if len(seats) != len(set(representative_ids)):
            raise ValidationFailed(_("Only the council's representatives can attend."))
        Attendance.objects.bulk_create(
            [Attendance(meeting=topic.meeting, representative=s, at=now) for s in seats],
            ignore_conflicts=True)
        _claim([s.user_id for s in seats], topic, ClaimKind.ATTENDANCE, now)
        return quorum(topic)


def open_vote(*, actor: User, topic_id: int) -> Topic:
    """No quorum, no vote: refused (409) while fewer than the share are present."""
    with transaction.atomic():
        topic = _locked(topic_id)
        _manager(actor, topic)
        _in(topic, S.SCHEDULED)
        q = quorum(topic)
        if q["present"] < q["needed"]:
            raise Conflict(_("No quorum: %(present)d of %(total)d representatives present, "
                             "%(needed)d needed. The vote cannot open.") % q)
        topic.status = S.VOTING
        topic.save(update_fields=["status"])
    return topic


def ballot_of(seat: Representative) -> str:
    if seat.council.vote_by == VoteBy.HOUSEHOLD:
        return seat.household_key
    return f"r{seat.pk}"


def vote(*, actor: User, topic_id: int, choice: str, at: datetime | None = None) -> Vote:
    """One ballot per household (or representative): a second is refused (409), and the
    unique constraint holds even if two arrive at once."""
    if choice not in Choice.values:
        raise ValidationFailed(_("Choose yes, no or abstain."))
    refusal: Exception | None = None
    with transaction.atomic():
        topic = _locked(topic_id)
        seat = _representative(actor, topic)
        _in(topic, S.VOTING)
        seat.council = topic.council
        ballot = ballot_of(seat)
        if Vote.objects.filter(topic=topic, ballot=ballot).exists():
            raise Conflict(_("Your household has voted on this topic already."))
        try:
            with transaction.atomic():
                cast = Vote.objects.create(topic=topic, ballot=ballot, voter=actor,
                                           choice=choice, at=_now(at))
                _claim([actor.pk], topic, ClaimKind.VOTE, cast.at)
        except IntegrityError:
            refusal = Conflict(_("Your household has voted on this topic already."))
    if refusal is not None:
        raise refusal
    return cast


def close_vote(*, actor: User, topic_id: int, at: datetime | None = None) -> Topic:
    """The count: decided when more yes than no, rejected otherwise."""
    now = _now(at)
    with transaction.atomic():
        topic = _locked(topic_id)
        _manager(actor, topic)
        _in(topic, S.VOTING)
        counts = {c: 0 for c in Choice.values}
        for c in Vote.objects.filter(topic=topic).values_list("choice", flat=True):
            counts[c] += 1
        topic.yes, topic.no, topic.abstain = counts["yes"], counts["no"], counts["abstain"]
        topic.status = S.DECIDED if topic.yes > topic.no else S.REJECTED
        topic.decided_at = now
        topic.save(update_fields=["yes", "no", "abstain", "status", "decided_at"])
    return topic


# ---------------------------------------------------------------- after the decision


def publish_minutes(*, actor: User, topic_id: int, text: str, at: datetime | None = None
                    ) -> Topic:
    """纪要: written and published on the portal (公示) once the vote is counted."""
    with transaction.atomic():
        topic = _locked(topic_id)
        _manager(actor, topic)
        _in(topic, S.DECIDED, S.REJECTED)
        if topic.decided_at is None:
            raise Conflict(_("Minutes follow a vote."))
        if not text.strip():
            raise ValidationFailed(_("Write the minutes."))
        topic.minutes, topic.minutes_published_at = text.strip(), _now(at)
        topic.save(update_fields=["minutes", "minutes_published_at"])
    return topic


def add_work_item(*, actor: User, topic_id: int, title: str, description: str = "",
                  at: datetime | None = None) -> Case:
    """The work decided, as a case of the council's grid on the engine (channel: grid)."""
    with transaction.atomic():
        topic = _locked(topic_id)
        if not is_staff_of(actor, topic.council):
            raise PermissionDenied(_("Only the community's staff turn decisions into cases."))
        _in(topic, S.DECIDED)
        grid = topic.council.grid
        case = case_services.create_case(actor=actor, at=at, new=case_services.NewCase(
            channel=Channel.GRID, title=title, region=grid,
            description=description or _("Decided by %(council)s: %(topic)s") % {
                "council": topic.council.name, "topic": topic.title},
            lat=float(grid.center_lat) if grid.center_lat is not None else None,
            lng=float(grid.center_lng) if grid.center_lng is not None else None))
        WorkItem.objects.create(topic=topic, case=case)
    return case


def rate_outcome(*, actor: User, topic_id: int, score: int, at: datetime | None = None
                 ) -> OutcomeRating:
    with transaction.atomic():
        topic = _locked(topic_id)
        _representative(actor, topic)
        _in(topic, S.DECIDED)
        if topic.minutes_published_at is None:
            raise Conflict(_("The outcome is rated once the minutes are published."))
        if not 1 <= int(score) <= 5:
            raise ValidationFailed(_("Rate from 1 to 5."))
        if OutcomeRating.objects.filter(topic=topic, user=actor).exists():
            raise Conflict(_("You have rated this outcome already."))
        return OutcomeRating.objects.create(topic=topic, user=actor, score=int(score),
                                            at=_now(at))


# ---------------------------------------------------------------- points (有奖参与)


def _claim(user_ids: Sequence[int], topic: Topic, kind: str, at: datetime) -> None:
    """A claim to points for taking part, waiting for review (once per user, topic, kind)."""
    ParticipationClaim.objects.bulk_create(
        [ParticipationClaim(user_id=u, topic=topic, kind=kind, at=at) for u in user_ids],
        ignore_conflicts=True)


def daily_cap() -> int:
    return int(getattr(settings, "TONGXIN_COUNCIL_POINTS_DAILY_CAP", 6))


def review_claims(*, actor: User, topic_id: int, claim_ids: Sequence[int], approve: bool,
                  at: datetime | None = None) -> dict[str, int]:
    """The review against abuse: the convener or staff approve (points, within the daily cap
    of council points per person) or refuse pending claims of the topic."""
    from tongxin.participation.models import PointsEntry, Reason
    from tongxin.participation.services import award, points_for

    now = _now(at)
    done = {"approved": 0, "capped": 0, "refused": 0}
    with transaction.atomic():
        topic = _locked(topic_id)
        _manager(actor, topic)
        claims = list(ParticipationClaim.objects.select_for_update().filter(
            topic=topic, status=ClaimStatus.PENDING, pk__in=list(claim_ids)).order_by("pk"))
        local = timezone.localtime(now)
        day_start = local.replace(hour=0, minute=0, second=0, microsecond=0)
        for claim in claims:
            claim.reviewed_by = actor
            if not approve:
                claim.status = ClaimStatus.REFUSED
            else:
                today = sum(PointsEntry.objects.filter(
                    user_id=claim.user_id, reason=Reason.COUNCIL, created_at__gte=day_start,
                    created_at__lt=day_start + timedelta(days=1)).values_list("points",
                                                                             flat=True))
                points = points_for(Reason.COUNCIL)
                if today + points > daily_cap():
                    claim.status = ClaimStatus.CAPPED
                else:
                    award(user_id=claim.user_id, reason=Reason.COUNCIL, at=now,
                          key=f"council:{claim.pk}", note=f"{claim.get_kind_display()}："
                          f"{topic.title}"[:200])
                    claim.status, claim.points = ClaimStatus.APPROVED, points
            claim.save(update_fields=["status", "reviewed_by", "points"])
            done[claim.status] += 1
    return done
