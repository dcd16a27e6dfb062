"""网格议事会: a grid's council of representatives deciding local matters.

A topic (议题) is proposed by a representative with supporters, or made in one click from a
run of similar cases; the grid's party branch vets it (审核); a public comment period follows;
a meeting with an agenda takes registrations and records attendance; with a quorum (default ⅔
of the representatives) the vote opens — one ballot per household or per representative, as
the council is configured, held by a unique constraint; the minutes are published on the
portal; the work it decides becomes cases on the engine; residents rate the outcome.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class VoteBy(models.TextChoices):
    HOUSEHOLD = "household", _("One vote per household")
    REPRESENTATIVE = "representative", _("One vote per representative")


class Council(models.Model):
    grid = models.ForeignKey("regions.Region", verbose_name=_("grid"), on_delete=models.PROTECT,
                             related_name="councils")
    name = models.CharField(_("name"), max_length=100)
    vote_by = models.CharField(_("ballots"), max_length=16, choices=VoteBy.choices,
                               default=VoteBy.HOUSEHOLD)
    # The share of representatives that must attend for a vote (None: the setting, ⅔).
    quorum_share = models.FloatField(_("quorum (share of representatives)"), null=True,
                                     blank=True)

    class Meta:
        verbose_name = _("grid council")
        verbose_name_plural = _("grid councils")

    def __str__(self) -> str:
        return self.name


class Seat(models.TextChoices):
    REPRESENTATIVE = "representative", _("Representative")
    CONVENER = "convener", _("Convener (召集人)")
    BRANCH = "branch", _("Grid party branch (vets topics)")


class Representative(models.Model):
    council = models.ForeignKey(Council, verbose_name=_("council"), on_delete=models.CASCADE,
                                related_name="representatives")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"),
                             on_delete=models.CASCADE, related_name="council_seats")
    seat = models.CharField(_("seat"), max_length=16, choices=Seat.choices,
                            default=Seat.REPRESENTATIVE)
    # The household the representative speaks for (one ballot per household): the base
    # data's household where known, else the address as the council recorded it.
    household = models.ForeignKey("basedata.Household", verbose_name=_("household"), null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="+")
    household_label = models.CharField(_("household (address)"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        constraints = [models.UniqueConstraint(fields=["council", "user"],
                                               name="council_one_seat_per_user")]

    def __str__(self) -> str:
        return f"{self.council_id}: {self.user_id}"

    @property
    def household_key(self) -> str:
        if self.household_id:
            return f"h{self.household_id}"
        return f"a:{self.household_label}" if self.household_label else f"u{self.user_id}"


class TopicStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    VETTING = "vetting", _("Being vetted")
    COMMENTING = "commenting", _("Open for comments")
    SCHEDULED = "scheduled", _("Meeting scheduled")
    VOTING = "voting", _("Voting")
    DECIDED = "decided", _("Decided")
    REJECTED = "rejected", _("Rejected")


class Topic(models.Model):
    council = models.ForeignKey(Council, verbose_name=_("council"), on_delete=models.PROTECT,
                                related_name="topics")
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    status = models.CharField(_("status"), max_length=16, choices=TopicStatus.choices,
                              default=TopicStatus.PROPOSED, db_index=True)
    proposer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("proposed by"),
                                 null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("proposed at"))
    source_cases = models.ManyToManyField("cases.Case", verbose_name=_("from the cases"),
                                          blank=True, related_name="council_topics")
    vetted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("vetted by"),
                                  null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    vet_note = models.CharField(_("vetting opinion"), max_length=500, blank=True)
    comments_until = models.DateTimeField(_("comments until"), null=True, blank=True)
    yes = models.PositiveIntegerField(_("yes"), default=0)
    no = models.PositiveIntegerField(_("no"), default=0)
    abstain = models.PositiveIntegerField(_("abstain"), default=0)
    decided_at = models.DateTimeField(_("vote counted at"), null=True, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_published_at = models.DateTimeField(_("minutes published at"), null=True,
                                                blank=True, db_index=True)

    class Meta:
        verbose_name = _("council topic")
        verbose_name_plural = _("council topics")

    def __str__(self) -> str:
        return self.title


class Support(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["topic", "user"],
                                               name="council_one_support_per_user")]

    def __str__(self) -> str:
        return f"{self.topic_id}: {self.user_id}"


class Comment(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="+")
    text = models.TextField(_("comment"))
    at = models.DateTimeField()

    def __str__(self) -> str:
        return self.text[:40]


class Meeting(models.Model):
    topic = models.OneToOneField(Topic, on_delete=models.CASCADE, related_name="meeting")
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=200)
    agenda = models.TextField(_("agenda"))

    def __str__(self) -> str:
        return f"{self.topic_id} @ {self.starts_at:%Y-%m-%d %H:%M}"


class Registration(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE,
                                related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "user"],
                                               name="council_one_registration_per_user")]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.user_id}"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    representative = models.ForeignKey(Representative, on_delete=models.CASCADE,
                                       related_name="+")
    at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "representative"],
                                               name="council_attends_once")]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.representative_id}"


class Choice(models.TextChoices):
    YES = "yes", pgettext_lazy("vote", "Yes")
    NO = "no", pgettext_lazy("vote", "No")
    ABSTAIN = "abstain", pgettext_lazy("vote", "Abstain")


class Vote(models.Model):
    """One ballot: per household or per representative (`ballot`), never two — the unique
    constraint holds it whatever the race."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="votes")
    ballot = models.CharField(_("ballot of"), max_length=120)
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="+")
    choice = models.CharField(_("choice"), max_length=8, choices=Choice.choices)
    at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["topic", "ballot"],
                                               name="council_one_ballot_per_household")]

    def __str__(self) -> str:
        return f"{self.topic_id}: {self.ballot} {self.choice}"


class WorkItem(models.Model):
    """A piece of work the council decided, done as a case on the engine."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="work_items")
    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT,
                                related_name="council_item")

    def __str__(self) -> str:
        return f"{self.topic_id} → {self.case_id}"


class OutcomeRating(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="ratings")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    score = models.PositiveSmallIntegerField(_("score (1–5)"))
    at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["topic", "user"],
                                               name="council_one_outcome_rating_per_user")]

    def __str__(self) -> str:
        return f"{self.topic_id}: {self.score}"


class ClaimKind(models.TextChoices):
    PROPOSAL = "proposal", _("Proposed a topic")
    COMMENT = "comment", _("Commented")
    ATTENDANCE = "attendance", _("Attended the meeting")
    VOTE = "vote", _("Voted")


class ClaimStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    APPROVED = "approved", _("Points awarded")
    CAPPED = "capped", _("Approved, daily cap reached")
    REFUSED = "refused", _("Refused")


class ParticipationClaim(models.Model):
    """Points for taking part in a council (tongxin.participation's ledger), once per user,
    topic and kind, awarded only when the convener or staff approve it, within a daily cap."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="claims")
    kind = models.CharField(_("for"), max_length=12, choices=ClaimKind.choices)
    at = models.DateTimeField()
    status = models.CharField(_("review"), max_length=10, choices=ClaimStatus.choices,
                              default=ClaimStatus.PENDING)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    points = models.IntegerField(_("points"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "topic", "kind"],
                                               name="council_one_claim_per_kind")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.topic_id}"
