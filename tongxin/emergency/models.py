"""应急指挥: plans (versioned, levels Ⅰ–Ⅳ with triggers and steps), resources (warehouses and
their stock, teams, experts, shelters) and incidents. An incident is started from a case (the
engine's `start_plan` action) and keeps the plan version it started with; each of its steps
is a task case of the step's unit on the ordinary dispatch engine."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

LEVEL_NAMES = {1: "Ⅰ", 2: "Ⅱ", 3: "Ⅲ", 4: "Ⅳ"}


class EventClass(models.TextChoices):
    NATURAL = "natural", _("Natural disaster")
    ACCIDENT = "accident", _("Accident")
    HEALTH = "health", _("Public health")
    SECURITY = "security", _("Social security")
    UTILITY = "utility", _("Water or power outage")
    GAS = "gas", _("Gas")
    FLOOD = "flood", _("Urban flooding")
    FIRE = "fire", _("Fire")


class Plan(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    event_class = models.CharField(_("event class"), max_length=16, choices=EventClass.choices)
    owner = models.ForeignKey("org.Department", verbose_name=_("owning unit"),
                              on_delete=models.PROTECT, related_name="emergency_plans",
                              help_text=_("Revises the plan after a drill that ran late."))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("emergency plan")
        verbose_name_plural = _("emergency plans")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PlanVersion(models.Model):
    """What a plan says at one time. A version in use is never edited: a revision is a new
    version, and an incident keeps the version it started with."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(_("created at"))
    note = models.TextField(_("what changed"), blank=True)
    contacts = models.TextField(_("contacts"), blank=True)

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [models.UniqueConstraint(fields=["plan", "number"],
                                               name="emergency_one_number_per_version")]
        ordering = ["plan", "-number"]

    def __str__(self) -> str:
        return f"{self.plan.name} v{self.number}"


class PlanLevel(models.Model):
    """A response level (1–4 for Ⅰ–Ⅳ, Ⅰ the gravest) and what triggers it. The steps at a
    level are its own and those of every milder level: raising Ⅲ → Ⅱ adds Ⅱ's steps."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(_("level"))
    trigger_category = models.ForeignKey("org.Category", verbose_name=_("trigger category"),
                                         null=True, blank=True, on_delete=models.SET_NULL,
                                         related_name="+")
    trigger_keywords = models.JSONField(_("trigger keywords"), default=list, blank=True)
    trigger_similar_cases = models.PositiveIntegerField(
        _("similar cases"), null=True, blank=True,
        help_text=_("Number of similar cases in an area within the window that triggers it."))
    trigger_window_hours = models.PositiveIntegerField(_("window (hours)"), null=True, blank=True)
    trigger_sensor_alarm = models.CharField(_("sensor alarm type"), max_length=32, blank=True)
    resources_needed = models.TextField(_("resources needed"), blank=True)

    class Meta:
        verbose_name = _("plan level")
        verbose_name_plural = _("plan levels")
        constraints = [
            models.UniqueConstraint(fields=["version", "level"],
                                    name="emergency_one_row_per_level"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=4),
                                   name="emergency_level_1_to_4"),
        ]
        ordering = ["version", "-level"]

    def __str__(self) -> str:
        return f"{self.version} {LEVEL_NAMES.get(self.level, self.level)}"


class PlanStep(models.Model):
    plan_level = models.ForeignKey(PlanLevel, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveIntegerField(_("order"), default=0)
    department = models.ForeignKey("org.Department", verbose_name=_("responsible unit"),
                                   on_delete=models.PROTECT, related_name="+")
    action = models.TextField(_("action"))
    offset_minutes = models.PositiveIntegerField(_("T + minutes"), default=0)
    deadline_minutes = models.PositiveIntegerField(_("minutes to finish"), default=60)

    class Meta:
        verbose_name = _("plan step")
        verbose_name_plural = _("plan steps")
        ordering = ["plan_level", "offset_minutes", "order", "pk"]

    def __str__(self) -> str:
        return f"T+{self.offset_minutes} {self.action[:40]}"


# ---------------------------------------------------------------- resources


class Located(models.Model):
    name = models.CharField(_("name"), max_length=100)
    lat = models.FloatField(_("latitude"))
    lng = models.FloatField(_("longitude"))
    synthetic = models.BooleanField(_("synthetic"), default=False,
                                    help_text=_("Made up for the demo, not a real place."))

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


class Warehouse(Located):
    """物资储备库."""

    manager = models.CharField(_("manager"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("warehouse")
        verbose_name_plural = _("warehouses")
        ordering = ["name"]


class CatalogueItem(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    unit = models.CharField(_("unit"), max_length=10)

    class Meta:
        verbose_name = _("catalogue item")
        verbose_name_plural = _("catalogue items")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class StockItem(models.Model):
    warehouse = models.ForeignKey(Warehouse, on_delete=models.CASCADE, related_name="stock")
    item = models.ForeignKey(CatalogueItem, on_delete=models.PROTECT, related_name="stock")
    quantity = models.PositiveIntegerField(_("quantity"), default=0)
    expiry = models.DateField(_("expiry"), null=True, blank=True)
    min_level = models.PositiveIntegerField(_("minimum level"), default=0)

    class Meta:
        verbose_name = _("stock item")
        verbose_name_plural = _("stock items")
        constraints = [
            models.UniqueConstraint(fields=["warehouse", "item"], name="emergency_one_stock_row"),
            # The last guard: issuing never takes the stock below zero.
            models.CheckConstraint(condition=Q(quantity__gte=0),
                                   name="emergency_stock_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.item} × {self.quantity}"

    @property
    def below_minimum(self) -> bool:
        return self.quantity < self.min_level


class MoveKind(models.TextChoices):
    RECEIVE = "receive", _("Received")
    ISSUE = "issue", _("Issued")
    RETURN = "return", _("Returned")


class StockMove(models.Model):
    """The ledger of a warehouse: every change of a stock row, signed."""

    stock = models.ForeignKey(StockItem, on_delete=models.CASCADE, related_name="moves")
    kind = models.CharField(_("kind"), max_length=10, choices=MoveKind.choices)
    delta = models.IntegerField(_("change"))
    balance = models.PositiveIntegerField(_("balance"))
    incident = models.ForeignKey("Incident", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="stock_moves")
    request = models.ForeignKey("MaterialRequest", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="moves")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("at"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("stock move")
        verbose_name_plural = _("stock moves")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.delta:+d}"


class TeamStatus(models.TextChoices):
    AVAILABLE = "available", _("Available")
    COMMITTED = "committed", _("Committed")
    OFF_DUTY = "off_duty", _("Off duty")


class Team(Located):
    """救援队伍."""

    speciality = models.CharField(_("speciality"), max_length=50)
    members = models.PositiveIntegerField(_("members"), default=0)
    department = models.ForeignKey("org.Department", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=TeamStatus.choices,
                              default=TeamStatus.AVAILABLE)

    class Meta:
        verbose_name = _("rescue team")
        verbose_name_plural = _("rescue teams")
        ordering = ["name"]


class TeamStatusLog(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="log")
    from_status = models.CharField(max_length=10, choices=TeamStatus.choices)
    to_status = models.CharField(max_length=10, choices=TeamStatus.choices)
    incident = models.ForeignKey("Incident", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class Expert(Located):
    """专家."""

    field = models.CharField(_("field"), max_length=50)
    phone = models.CharField(_("contact"), max_length=20, blank=True)
    available = models.BooleanField(_("available"), default=True)

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["name"]


class Shelter(Located):
    """避难场所."""

    capacity = models.PositiveIntegerField(_("capacity"))
    address = models.CharField(_("address"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("shelter")
        verbose_name_plural = _("shelters")
        ordering = ["name"]


# ---------------------------------------------------------------- incidents


class IncidentStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("incident status", "Active")
    CLOSED = "closed", pgettext_lazy("incident status", "Closed")


class Incident(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="incidents")
    plan_version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT,
                                     related_name="incidents")
    level = models.PositiveSmallIntegerField(_("level"))
    drill = models.BooleanField(_("drill"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=IncidentStatus.choices,
                              default=IncidentStatus.ACTIVE)
    started_at = models.DateTimeField(_("started at"))
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    tasks_opened = models.BooleanField(default=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    report = models.TextField(_("after-action report"), blank=True)
    revision_case = models.ForeignKey("cases.Case", null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-started_at", "-pk"]
        constraints = [models.UniqueConstraint(
            fields=["case"], condition=Q(status="active"),
            name="emergency_one_active_incident_per_case")]

    def __str__(self) -> str:
        return f"{self.plan_version.plan.name} {LEVEL_NAMES.get(self.level, '')}"


class StepStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CANCELLED = "cancelled", _("Cancelled")


class IncidentStep(models.Model):
    """A step of the plan as this incident runs it: its task case carries the state (done
    when the case is closed), the deadline and the trail."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="steps")
    step = models.ForeignKey(PlanStep, on_delete=models.PROTECT, related_name="+")
    task = models.OneToOneField("cases.Case", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="emergency_step")
    status = models.CharField(max_length=10, choices=StepStatus.choices, default=StepStatus.OPEN)
    due_at = models.DateTimeField(_("due (plan)"))
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["incident", "step"],
                                               name="emergency_step_once_per_incident")]
        ordering = ["due_at", "pk"]

    def __str__(self) -> str:
        return f"{self.incident_id}: {self.step_id}"


class Commitment(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="commitments")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    expert = models.ForeignKey(Expert, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return str(self.team or self.expert)


class RequestStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    ISSUED = "issued", _("Issued")
    RETURNED = "returned", _("Returned")
    CONSUMED = "consumed", _("Consumed")
    REFUSED = "refused", _("Refused")


class MaterialRequest(models.Model):
    """申领 → 审批 → 出库 → 归还/消耗."""

    incident = models.ForeignKey(Incident, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="requests")
    stock = models.ForeignKey(StockItem, on_delete=models.PROTECT, related_name="requests")
    quantity = models.PositiveIntegerField(_("quantity"))
    returned = models.PositiveIntegerField(_("returned"), default=0)
    status = models.CharField(max_length=10, choices=RequestStatus.choices,
                              default=RequestStatus.REQUESTED)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.stock_id} × {self.quantity} ({self.status})"
