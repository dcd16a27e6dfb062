"""Supervision orders (督办单), referrals to discipline inspection (纪检) and their rules.

An order is addressed to the responsible unit (its handlers and configured leaders) and needs
a written reply by `due_at`. An order nobody answers in time is escalated: it is marked
`escalated` and a new order, one level up the region tree, goes to that region's leaders.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OrderKind(models.TextChoices):
    AUTO = "auto", _("Automatic (overdue)")
    MANUAL = "manual", _("Issued by a supervisor")


class OrderStatus(models.TextChoices):
    OPEN = "open", _("Awaiting reply")
    REPLIED = "replied", _("Replied")
    ESCALATED = "escalated", _("Escalated")


class UnitLeader(models.Model):
    """A leader (分管领导) of a unit: receives the unit's supervision orders beside its
    handlers. The user also needs a membership that lets them see the unit's cases."""

    department = models.ForeignKey(
        "org.Department", verbose_name=_("department"), on_delete=models.CASCADE,
        related_name="leaders",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
        related_name="led_units",
    )
    title = models.CharField(_("title"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("unit leader")
        verbose_name_plural = _("unit leaders")
        constraints = [
            models.UniqueConstraint(fields=["department", "user"], name="uniq_unit_leader")
        ]

    def __str__(self) -> str:
        return f"{self.department} · {self.user}"


class SupervisionOrder(models.Model):
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT,
        related_name="supervision_orders",
    )
    department = models.ForeignKey(
        "org.Department", verbose_name=_("unit"), on_delete=models.PROTECT,
        related_name="supervision_orders",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=OrderKind.choices)
    # 0: addressed to the unit; n: escalated n levels up the region tree.
    level = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("addressed to region"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
        help_text=_("Set on escalated orders: the leaders of this region must answer."),
    )
    # Set on an order escalated along the chain of the area that brought the case (路长制):
    # that chief must answer, before the order climbs the region tree.
    chief = models.ForeignKey(
        "areas.Chief", verbose_name=_("addressed to chief"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    addressed_to = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("addressed to"), blank=True,
        related_name="supervision_orders",
    )
    text = models.TextField(_("text"))
    # The red alarm (warn_red event) an automatic order answers: unique, so a sweep that
    # runs twice cannot open two orders for one alarm.
    alarm = models.OneToOneField(
        "cases.CaseEvent", verbose_name=_("red alarm"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    event = models.ForeignKey(
        "cases.CaseEvent", verbose_name=_("audit trail entry"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    escalated_from = models.OneToOneField(
        "self", verbose_name=_("escalated from"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="escalation",
    )
    escalated_to = models.ForeignKey(
        "regions.Region", verbose_name=_("escalated to"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    created_at = models.DateTimeField(_("issued at"), default=timezone.now)
    due_at = models.DateTimeField(_("reply due"))
    reply = models.TextField(_("reply"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("replied by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=OrderStatus.choices, default=OrderStatus.OPEN
    )

    class Meta:
        verbose_name = _("supervision order")
        verbose_name_plural = _("supervision orders")
        ordering = ["-created_at", "-id"]
        indexes = [
            # Escalation job: open orders past their reply limit.
            models.Index(fields=["due_at"], name="order_open_due",
                         condition=Q(status="open")),
            # Red list: automatic unit-level orders by period and unit.
            models.Index(fields=["created_at", "department"], name="order_red_by_period",
                         condition=Q(kind="auto", level=0)),
            models.Index(fields=["case", "status"], name="order_case_status"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.department} · {self.get_status_display()}"


class ProblemType(models.TextChoices):
    REPEATED_OVERDUE = "repeated_overdue", _("Repeatedly overdue")
    REPEATED_RETURNS = "repeated_returns", _("Passed back and forth between units (推诿)")
    UNSATISFIED_AFTER_REWORK = "unsatisfied_after_rework", _("Unsatisfied after rework")


class ReferralRule(models.Model):
    """When the worker refers a problem to discipline inspection, per problem type.

    repeated_overdue: a unit has `threshold` red alarms within `window_days`.
    repeated_returns: a case was returned `threshold` times within `window_days`.
    unsatisfied_after_rework: a case rated unsatisfied after `threshold` reworks, the rating
    given within `window_days`.
    """

    problem_type = models.CharField(
        _("problem type"), max_length=30, choices=ProblemType.choices, unique=True
    )
    threshold = models.PositiveSmallIntegerField(_("threshold"))
    window_days = models.PositiveSmallIntegerField(_("window (days)"), default=30)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("referral rule")
        verbose_name_plural = _("referral rules")
        ordering = ["problem_type"]

    def __str__(self) -> str:
        return f"{self.get_problem_type_display()} ≥ {self.threshold} / {self.window_days}d"


class ReferralStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Referral(models.Model):
    """A problem handed to discipline inspection (移送纪检): about a case or a unit."""

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="referrals",
    )
    department = models.ForeignKey(
        "org.Department", verbose_name=_("unit"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="referrals",
    )
    problem_type = models.CharField(_("problem type"), max_length=30, choices=ProblemType.choices)
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("referred at"), default=timezone.now, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("referred by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.OPEN
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # What the detection rule found, so running it again finds the same key and adds nothing.
    dedupe_key = models.CharField(_("detection key"), max_length=100, null=True, blank=True,
                                  unique=True, editable=False)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(case__isnull=False) | Q(department__isnull=False),
                name="referral_has_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_problem_type_display()} · {self.case or self.department}"
