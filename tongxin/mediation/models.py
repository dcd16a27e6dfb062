"""The mediation centre (矛调中心): a dispute is a case.

A `Dispute` is the mediation record of one case of the engine (one-to-one, same number,
trail, time limits and scores); a case becomes one through the workflow's
`transfer_to_mediation` (秒转快办). Mediation organisations are departments of kind
`mediation` (so they sign for, hand back and pass on cases like any unit and their
mediators are that department's handlers); this app adds what the engine does not know:
parties, mediators, rooms, sessions and their records, the agreement with its signatures,
judicial confirmation, follow-up visits and the dossier.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tongxin.security.fields import SM4EncryptedCharField


class DisputeType(models.TextChoices):
    NEIGHBOUR = "neighbour", _("Neighbours")
    FAMILY = "family", _("Marriage and family")
    PROPERTY = "property", _("Property management")
    LABOUR = "labour", _("Labour and wages")
    LAND = "land", _("Land")
    MEDICAL = "medical", _("Medical")
    CONSUMER = "consumer", _("Consumer")
    TRAFFIC = "traffic", _("Traffic")
    OTHER = "other", _("Other")


class Source(models.TextChoices):
    APPLICATION = "application", _("Application by a party")
    SCREENING = "screening", _("Found by screening")
    POLICE = "police", _("Transferred by the police")
    COURT = "court", _("Entrusted by the court")
    TRANSFER = "transfer", _("Transferred from 12345 or the grid")


class Complexity(models.TextChoices):
    SIMPLE = "simple", _("Simple")
    COMPLEX = "complex", _("Complex")
    DIFFICULT = "difficult", _("Difficult")


class Level(models.TextChoices):
    """Who mediates by complexity: 村社调委会 → 街道 → 区矛调中心."""

    COMMUNITY = "community", _("Community mediation committee")
    STREET = "street", _("Street mediation committee")
    DISTRICT = "district", _("District mediation centre")


LEVEL_OF = {Complexity.SIMPLE: Level.COMMUNITY, Complexity.COMPLEX: Level.STREET,
            Complexity.DIFFICULT: Level.DISTRICT}


class OrgKind(models.TextChoices):
    PEOPLES = "peoples", _("People's mediation committee")
    PROFESSIONAL = "professional", _("Professional mediation committee")
    CENTRE = "centre", _("Mediation centre")


class DisputeStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    MEDIATING = "mediating", _("Mediating")
    AGREED = "agreed", _("Agreement reached")
    FAILED = "failed", _("Mediation failed")
    HANDED_BACK = "handed_back", _("Handed back")
    PASSED_ON = "passed_on", _("Passed on to a department")


OPEN_DISPUTE = (DisputeStatus.RECEIVED, DisputeStatus.MEDIATING)


class MediationOrg(models.Model):
    """A mediation committee or the centre: the department that signs for its disputes."""

    department = models.OneToOneField("org.Department", verbose_name=_("department"),
                                      on_delete=models.PROTECT, related_name="mediation_org")
    kind = models.CharField(_("kind"), max_length=16, choices=OrgKind.choices)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    region = models.ForeignKey("regions.Region", verbose_name=_("region"),
                               on_delete=models.PROTECT, related_name="+")
    # Dispute types a professional committee takes (物业, 劳资, 医疗, 交通); empty: all.
    specialities = models.JSONField(_("specialities"), default=list, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lng = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        verbose_name = _("mediation organisation")
        verbose_name_plural = _("mediation organisations")
        ordering = ["department__code"]

    def __str__(self) -> str:
        return str(self.department)


class Mediator(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("account"),
                                on_delete=models.PROTECT, related_name="mediator")
    org = models.ForeignKey(MediationOrg, verbose_name=_("organisation"),
                            on_delete=models.PROTECT, related_name="mediators")
    name = models.CharField(_("name"), max_length=50)
    specialities = models.JSONField(_("specialities"), default=list, blank=True)
    certificate_no = models.CharField(_("certificate number"), max_length=40, blank=True)
    # Where the mediator usually works from (the organisation's point when unset).
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lng = models.FloatField(_("longitude"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("mediator")
        verbose_name_plural = _("mediators")
        ordering = ["org", "name"]

    def __str__(self) -> str:
        return self.name


class Room(models.Model):
    org = models.ForeignKey(MediationOrg, verbose_name=_("organisation"),
                            on_delete=models.PROTECT, related_name="rooms")
    name = models.CharField(_("name"), max_length=50)
    capacity = models.PositiveSmallIntegerField(_("seats"), default=6)

    class Meta:
        verbose_name = _("mediation room")
        verbose_name_plural = _("mediation rooms")
        ordering = ["org", "name"]

    def __str__(self) -> str:
        return f"{self.org} {self.name}"


class Dispute(models.Model):
    case = models.OneToOneField("cases.Case", verbose_name=_("case"), primary_key=True,
                                on_delete=models.CASCADE, related_name="dispute")
    org = models.ForeignKey(MediationOrg, verbose_name=_("organisation"),
                            on_delete=models.PROTECT, related_name="disputes")
    mediator = models.ForeignKey(Mediator, verbose_name=_("mediator"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="disputes")
    type = models.CharField(_("dispute type"), max_length=12, choices=DisputeType.choices,
                            default=DisputeType.OTHER)
    amount = models.DecimalField(_("amount at stake (yuan)"), max_digits=12, decimal_places=2,
                                 null=True, blank=True)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    complexity = models.CharField(_("complexity"), max_length=10, choices=Complexity.choices,
                                  default=Complexity.SIMPLE)
    facts = models.TextField(_("facts"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=DisputeStatus.choices,
                              default=DisputeStatus.RECEIVED, db_index=True)
    received_at = models.DateTimeField(_("received at"))
    assigned_at = models.DateTimeField(_("mediator assigned at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return self.case.number

    @property
    def level(self) -> str:
        return LEVEL_OF[Complexity(self.complexity)]


class PartyRole(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    RESPONDENT = "respondent", _("Respondent")
    THIRD = "third", _("Third party")


class Party(models.Model):
    dispute = models.ForeignKey(Dispute, verbose_name=_("dispute"), on_delete=models.CASCADE,
                                related_name="parties")
    role = models.CharField(_("role"), max_length=12, choices=PartyRole.choices)
    # A person of the base data where known: shown masked as there (basedata.present_person).
    person = models.ForeignKey("basedata.Person", verbose_name=_("person"), null=True,
                               blank=True, on_delete=models.SET_NULL, related_name="+")
    name = SM4EncryptedCharField(_("name"), max_length=50)
    phone = SM4EncryptedCharField(_("phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["dispute", "id"]

    def __str__(self) -> str:
        return f"{self.get_role_display()}"


class SessionKind(models.TextChoices):
    INVESTIGATION = "investigation", _("Investigation (调查笔录)")
    MEDIATION = "mediation", _("Mediation (调解笔录)")


class Session(models.Model):
    dispute = models.ForeignKey(Dispute, verbose_name=_("dispute"), on_delete=models.CASCADE,
                                related_name="sessions")
    kind = models.CharField(_("kind"), max_length=14, choices=SessionKind.choices,
                            default=SessionKind.MEDIATION)
    mediator = models.ForeignKey(Mediator, verbose_name=_("mediator"),
                                 on_delete=models.PROTECT, related_name="sessions")
    room = models.ForeignKey(Room, verbose_name=_("room"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="sessions")
    on_site = models.CharField(_("on site at"), max_length=100, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    cancelled = models.BooleanField(_("cancelled"), default=False)
    attended = models.ManyToManyField(Party, verbose_name=_("attended"), blank=True,
                                      related_name="sessions")
    record = models.TextField(_("record"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["room", "starts_at"], name="session_room_time"),
                   models.Index(fields=["mediator", "starts_at"], name="session_mediator_time")]

    def __str__(self) -> str:
        return f"{self.dispute_id} {self.starts_at:%Y-%m-%d %H:%M}"


class CaucusNote(models.Model):
    """背靠背: what one party said alone. Visible to the session's mediator only."""

    session = models.ForeignKey(Session, verbose_name=_("session"), on_delete=models.CASCADE,
                                related_name="caucus_notes")
    party = models.ForeignKey(Party, verbose_name=_("party"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("text"))
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("written by"),
                                   on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("caucus note")
        verbose_name_plural = _("caucus notes")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.session_id} {self.at:%Y-%m-%d %H:%M}"


class Judicial(models.TextChoices):
    NONE = "none", _("Not requested")
    REQUESTED = "requested", _("Requested")
    CONFIRMED = "confirmed", _("Confirmed")
    REFUSED = "refused", _("Refused")


class Agreement(models.Model):
    """调解协议书: its text filled from the record; signed when every party has signed."""

    dispute = models.OneToOneField(Dispute, verbose_name=_("dispute"), primary_key=True,
                                   on_delete=models.CASCADE, related_name="agreement")
    text = models.TextField(_("terms"))
    perform_by = models.DateField(_("to be performed by"), null=True, blank=True)
    created_at = models.DateTimeField(_("drawn up at"))
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    judicial = models.CharField(_("judicial confirmation"), max_length=10,
                                choices=Judicial.choices, default=Judicial.NONE)
    judicial_court = models.CharField(_("court"), max_length=60, blank=True)
    judicial_requested_at = models.DateTimeField(_("confirmation requested at"), null=True,
                                                 blank=True)
    judicial_decided_at = models.DateTimeField(_("confirmation decided at"), null=True,
                                               blank=True)
    # When the mediator was told that the 30-day window for judicial confirmation is closing
    # (tongxin.mediation.windows): once per agreement.
    judicial_warned_at = models.DateTimeField(_("confirmation window warned at"), null=True,
                                              blank=True)

    class Meta:
        verbose_name = _("mediation agreement")
        verbose_name_plural = _("mediation agreements")

    def __str__(self) -> str:
        return str(self.dispute_id)


class SignMethod(models.TextChoices):
    SCAN = "scan", _("Uploaded scan")
    TABLET = "tablet", _("Signed on a tablet")


class Signature(models.Model):
    agreement = models.ForeignKey(Agreement, verbose_name=_("agreement"),
                                  on_delete=models.CASCADE, related_name="signatures")
    party = models.ForeignKey(Party, verbose_name=_("party"), on_delete=models.CASCADE,
                              related_name="signatures")
    method = models.CharField(_("method"), max_length=8, choices=SignMethod.choices)
    image = models.FileField(_("image"), upload_to="mediation/signatures/%Y/%m/")
    at = models.DateTimeField(_("signed at"))

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [models.UniqueConstraint(fields=["agreement", "party"],
                                               name="one_signature_per_party")]

    def __str__(self) -> str:
        return f"{self.agreement_id}/{self.party_id}"


class Performance(models.TextChoices):
    FULL = "full", _("Performed in full")
    PARTIAL = "partial", _("Partly performed")
    NONE = "none", _("Not performed")


class FollowUp(models.Model):
    """履行回访: whether the agreement is being kept."""

    dispute = models.ForeignKey(Dispute, verbose_name=_("dispute"), on_delete=models.CASCADE,
                                related_name="follow_ups")
    performance = models.CharField(_("performance"), max_length=8,
                                   choices=Performance.choices)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"),
                           on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.dispute_id} {self.at:%Y-%m-%d}"


class Objection(models.Model):
    """回避: a party asks that the mediator step aside (人民调解法 第二十三条). Another member
    of the organisation decides; upheld, the mediator leaves the dispute, their coming
    sessions in it are cancelled and they are never suggested for it again."""

    dispute = models.ForeignKey(Dispute, verbose_name=_("dispute"), on_delete=models.CASCADE,
                                related_name="objections")
    mediator = models.ForeignKey(Mediator, verbose_name=_("mediator"),
                                 on_delete=models.PROTECT, related_name="objections")
    party = models.ForeignKey(Party, verbose_name=_("party"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(_("reason"))
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                  on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(_("raised at"))
    upheld = models.BooleanField(_("upheld"), null=True, blank=True)  # None: undecided
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"),
                                   null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("objection to a mediator")
        verbose_name_plural = _("objections to mediators")
        ordering = ["raised_at", "id"]
        constraints = [models.UniqueConstraint(
            fields=["dispute", "mediator"], condition=models.Q(upheld__isnull=True),
            name="one_open_objection_per_mediator")]

    def __str__(self) -> str:
        return f"{self.dispute_id} · {self.mediator}"


class ReferralKind(models.TextChoices):
    ADMINISTRATIVE = "administrative", _("Administrative mediation (行政调解)")
    JUDICIAL = "judicial", _("Judicial mediation (司法调解)")


class Referral(models.Model):
    """三调联动: a dispute the people's mediation cannot settle (or that belongs to an
    administrative body or a court) goes on with its dossier. The case itself is passed on
    through the engine (`pass_on`), the dossier PDF attached to that step of its trail."""

    dispute = models.ForeignKey(Dispute, verbose_name=_("dispute"), on_delete=models.CASCADE,
                                related_name="referrals")
    kind = models.CharField(_("kind"), max_length=16, choices=ReferralKind.choices)
    department = models.ForeignKey("org.Department", verbose_name=_("to"),
                                   on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("reason"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"),
                           on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("referral (三调联动)")
        verbose_name_plural = _("referrals (三调联动)")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.dispute_id} → {self.department_id}"
