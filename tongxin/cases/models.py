"""Case, its append-only CaseEvent trail, attachments and the daily number sequence."""

from django.conf import settings
from django.core.validators import validate_email
from django.db import models
from django.utils.translation import gettext_lazy as _

from tongxin.security.crypto import phone_hash
from tongxin.security.fields import SM4EncryptedCharField

from .conditions import RED_PENDING, UNFINISHED, YELLOW_PENDING
from .workflow import KIND, Kind, State


class Status(models.TextChoices):
    REPORTED = State.REPORTED, _("Reported")
    REGISTERED = State.REGISTERED, _("Registered")
    ADJUDICATING = State.ADJUDICATING, _("Adjudicating")
    DISPATCHED = State.DISPATCHED, _("Dispatched")
    IN_PROGRESS = State.IN_PROGRESS, _("In progress")
    REPLIED = State.REPLIED, _("Awaiting verification")
    CLOSED = State.CLOSED, _("Closed")
    REJECTED = State.REJECTED, _("Rejected")

    @property
    def kind(self) -> Kind:
        return KIND[State(self.value)]


OPEN_STATUSES = [s for s in State if KIND[s] is Kind.OPEN]
# What the map's bins and filters read (covering indexes below).
MAP_COLUMNS = ["id", "lat", "lng", "status", "warning", "channel", "category_id", "street_id",
               "community_id", "grid_id", "lead_department_id"]
SUSPENDED_STATUSES = [s for s in State if KIND[s] is Kind.SUSPENDED]
CLOSED_STATUSES = [s for s in State if KIND[s] is Kind.CLOSED]


class Channel(models.TextChoices):
    HOTLINE = "hotline", _("12345 hotline")
    PORTAL = "portal", _("Citizen portal")
    GRID = "grid", _("Grid worker app")
    POLICE = "police", _("110 police linkage")
    ROAD_CHIEF = "road_chief", _("Road chief")
    MEDIA = "media", _("Media / public opinion")
    OPEN311 = "open311", _("Open311")
    IMPORT = "import", _("Bulk import")
    EMAIL = "email", _("E-mail")
    API = "api", _("API")
    IOT = "iot", _("Sensor alarm")
    VIDEO = "video", _("Video alarm")
    # tongxin.emergency: the task cases of an incident's steps, and the cases of a drill
    # (演练: its origin and its tasks), which no real statistic counts (conditions.IN_COHORT).
    EMERGENCY = "emergency", _("Emergency task")
    DRILL = "drill", _("Emergency drill")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")


class Warning(models.TextChoices):
    NONE = "none", _("On time")
    YELLOW = "yellow", _("Yellow warning")
    RED = "red", _("Overdue")


class Case(models.Model):
    number = models.CharField(_("case number"), max_length=20, unique=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # Name, phone, ID number, e-mail and exact address are SM4-encrypted at rest
    # (tongxin.security); the phone is searched through its keyed SM3 hash
    # (selectors.with_reporter_phone), the others are never searched.
    reporter_name = SM4EncryptedCharField(_("reporter name"), max_length=50, blank=True)
    reporter_phone = SM4EncryptedCharField(_("reporter phone"), max_length=20, blank=True)
    reporter_phone_hash = models.CharField(
        _("reporter phone hash"), max_length=64, blank=True, db_index=True, editable=False,
        db_default="",
    )
    reporter_id_number = SM4EncryptedCharField(
        _("reporter ID number"), max_length=18, blank=True, db_default=""
    )
    # Where the outcome goes back by e-mail, for channels that collect one (Open311, API).
    reporter_email = SM4EncryptedCharField(_("reporter e-mail"), max_length=254, blank=True,
                                           validators=[validate_email])
    reporter_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reporter account"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="reported_cases",
    )
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lng = models.FloatField(_("longitude"), null=True, blank=True)
    address = SM4EncryptedCharField(_("address"), max_length=255, blank=True)
    district = models.ForeignKey(
        "regions.Region", verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    street = models.ForeignKey(
        "regions.Region", verbose_name=_("street"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    community = models.ForeignKey(
        "regions.Region", verbose_name=_("community"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    grid = models.ForeignKey(
        "regions.Region", verbose_name=_("grid"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    # The command center currently responsible for registering and dispatching; escalation
    # moves it up the region tree (网格 → 社区 → 街道 → 区).
    owner_region = models.ForeignKey(
        "regions.Region", verbose_name=_("handled by command center"), on_delete=models.PROTECT,
        related_name="+",
    )
    category = models.ForeignKey(
        "org.Category", verbose_name=_("category"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="cases",
    )
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REPORTED
    )
    lead_department = models.ForeignKey(
        "org.Department", verbose_name=_("lead department"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="lead_cases",
    )
    co_departments = models.ManyToManyField(
        "org.Department", verbose_name=_("co-handling departments"), blank=True,
        related_name="co_cases",
    )
    policy = models.ForeignKey(
        "sla.TimeLimitPolicy", verbose_name=_("time-limit policy"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    accept_deadline = models.DateTimeField(_("sign-for deadline"), null=True, blank=True)
    finish_deadline = models.DateTimeField(
        _("finish deadline"), null=True, blank=True, db_index=True
    )
    # When the yellow warning is due (a share of the time between dispatch and deadline,
    # DESIGN.md: 80 %), stored so the sweep is a plain indexed comparison.
    yellow_at = models.DateTimeField(_("yellow warning due"), null=True, blank=True, db_index=True)
    warning = models.CharField(
        _("warning"), max_length=10, choices=Warning.choices, default=Warning.NONE
    )
    extension_pending = models.BooleanField(_("extension requested"), default=False)
    extension_until = models.DateTimeField(_("extension requested until"), null=True, blank=True)
    # When the pending extension request was made: the finish clock pauses from here until
    # the decision (tongxin.sla.clock), and a denial moves the deadlines by the pause.
    extension_requested_at = models.DateTimeField(
        _("extension requested at"), null=True, blank=True
    )
    adjudication_level = models.PositiveSmallIntegerField(_("adjudication level"), default=0)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="merged_cases",
    )
    rating = models.CharField(_("rating"), max_length=12, choices=Rating.choices, blank=True)
    rework_count = models.PositiveSmallIntegerField(_("rework count"), default=0)
    return_count = models.PositiveSmallIntegerField(_("return count"), default=0)
    supervision_count = models.PositiveSmallIntegerField(_("supervision count"), default=0)
    referred = models.BooleanField(_("referred to discipline inspection"), default=False)
    result = models.TextField(_("result"), blank=True)
    # The map point lies outside every region of the service area: accepted into the
    # district command center so a dispatcher can reject it or pass it on, never lost.
    # Database defaults too: set-based loaders (bench, bulk generator) may leave these out.
    outside_jurisdiction = models.BooleanField(_("outside jurisdiction"), default=False,
                                               db_default=False)

    created_at = models.DateTimeField(_("reported at"), db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("signed for at"), null=True, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    # The hash of the newest event of the case's trail (tongxin.cases.events.chain). Kept on
    # the row, not looked up: under the row lock a writer reads it in the same statement that
    # locks the case, and sees the head the previous writer left.
    trail_head = models.CharField(_("trail head"), max_length=64, blank=True, editable=False,
                                  default="", db_default="")

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="case_status_created"),
            models.Index(fields=["street", "status"], name="case_street_status"),
            models.Index(fields=["lead_department", "status"], name="case_lead_status"),
            # The command-center map (tongxin.analytics.geo) bins the cases of the last weeks
            # by position: everything it reads is in these indexes, so PostgreSQL answers
            # from the index alone instead of reading the wide case rows (3 to a page). By
            # reporting time for districts and departments (whose scope filter is then a
            # filter on included columns), by street and time for a street. SQLite keeps the
            # key columns only.
            models.Index(fields=["created_at"], name="case_recent_map",
                         include=["district_id", *MAP_COLUMNS]),
            models.Index(fields=["street", "created_at"], name="case_street_map",
                         include=MAP_COLUMNS),
            # A department's recent cases (its analyses in tongxin.analytics.snapshots).
            models.Index(fields=["lead_department", "created_at"], name="case_lead_created"),
            models.Index(fields=["district", "status"], name="case_district_status"),
            # The deadline sweep scans only cases still waiting for a warning (cases.conditions).
            models.Index(fields=["finish_deadline"], name="case_red_pending",
                         condition=RED_PENDING),
            models.Index(fields=["yellow_at"], name="case_yellow_pending",
                         condition=YELLOW_PENDING),
            # 超期数 and the overdue list (analytics): the running cases by deadline, without
            # walking the deadlines of every closed case. Not a partial index: SQLite cannot
            # match a partial index's condition against bound parameters.
            models.Index(fields=["status", "finish_deadline"], name="case_status_deadline"),
            # The same on PostgreSQL, which otherwise walks every deadline in order looking
            # for the few open ones (0.7 s at a million cases).
            models.Index(fields=["finish_deadline"], name="case_unfinished",
                         condition=UNFINISHED),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def save(self, *args, **kwargs) -> None:
        # The search hash follows the phone wherever it is written.
        self.reporter_phone_hash = phone_hash(self.reporter_phone)
        fields = kwargs.get("update_fields")
        if fields is not None and "reporter_phone" in fields:
            kwargs["update_fields"] = {*fields, "reporter_phone_hash"}
        super().save(*args, **kwargs)

    @property
    def kind(self) -> Kind:
        return KIND[State(self.status)]

    @property
    def place(self):  # -> Region
        """The deepest region known for the case's location (from the region tree held in
        process: no query)."""
        from tongxin.regions.tree import node

        return node(self.grid_id or self.community_id or self.street_id or self.district_id)

    @property
    def owner(self):  # -> Region
        """The command center that owns the case, from the tree held in process."""
        from tongxin.regions.tree import node

        return node(self.owner_region_id)


class EventQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[override]
        raise TypeError("CaseEvent rows are append-only")

    def delete(self):  # type: ignore[override]
        raise TypeError("CaseEvent rows are append-only")


class CaseEvent(models.Model):
    """One step of the audit trail (全程留痕). Written once, never changed or removed, and
    only through tongxin.cases.events, which links it into its case's keyed hash chain."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="events"
    )
    action = models.CharField(_("action"), max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    at = models.DateTimeField(_("time"), db_index=True)
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    # HMAC-SM3 chain per case (tongxin.security.chain): the previous event's hash, and this
    # event's over that and its content.
    prev_hash = models.CharField(_("previous hash"), max_length=64, blank=True, default="",
                                 db_default="")
    hash = models.CharField(_("hash"), max_length=64, blank=True, default="", db_default="")

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.action} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise TypeError("CaseEvent rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[override]
        raise TypeError("CaseEvent rows are append-only")


def attachment_path(instance: "Attachment", filename: str) -> str:
    return f"cases/{instance.case.created_at:%Y/%m}/{instance.case.number}/{filename}"


class Attachment(models.Model):
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="attachments"
    )
    event = models.ForeignKey(
        CaseEvent, verbose_name=_("event"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.file.name or ""


class DailySequence(models.Model):
    """Last number handed out per day, so case numbers read 2026112200017."""

    day = models.DateField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.day}: {self.last}"


class CaseLink(models.Model):
    """Two cases about the same problem, kept separate but shown side by side (关联).

    Stored once per pair with the smaller id first, so "A related to B" and "B related to A"
    cannot both exist; `tongxin.cases.linking` writes it and the events on both cases.
    """

    from_case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="links_out"
    )
    to_case = models.ForeignKey(
        Case, verbose_name=_("related case"), on_delete=models.CASCADE, related_name="links_in"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("linked by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("linked at"))
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("related case link")
        verbose_name_plural = _("related case links")
        constraints = [
            models.UniqueConstraint(fields=["from_case", "to_case"], name="uniq_case_link"),
            models.CheckConstraint(condition=models.Q(from_case__lt=models.F("to_case")),
                                   name="case_link_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.from_case_id} ↔ {self.to_case_id}"


class TrailSeal(models.Model):
    """A periodic seal of the trails' chain heads (tongxin.cases.trail): the heads of the
    chains that moved since the seal before the last, chained by a keyed digest."""

    at = models.DateTimeField(_("sealed at"))
    upto_event_id = models.BigIntegerField(_("up to event"))
    heads = models.JSONField(_("chain heads"), default=dict)  # {case id: head hash}
    prev_digest = models.CharField(_("previous digest"), max_length=64)
    digest = models.CharField(_("digest"), max_length=64)

    class Meta:
        verbose_name = _("trail seal")
        verbose_name_plural = _("trail seals")

    def __str__(self) -> str:
        return f"{self.pk} {self.at:%Y-%m-%d %H:%M} ≤{self.upto_event_id}"
