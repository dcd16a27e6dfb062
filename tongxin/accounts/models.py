"""Users and memberships: a user holds roles, each scoped to a region subtree or a department."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    GRID_WORKER = "grid_worker", _("Grid worker")
    OPERATOR = "operator", _("Hotline operator")
    DISPATCHER = "dispatcher", _("Dispatcher")
    HANDLER = "handler", _("Department handler")
    SUPERVISOR = "supervisor", _("Supervisor")
    LEADER = "leader", _("Leader")
    ADMIN = "admin", _("Administrator")
    # 三员分立 (GB/T 22239-2019 level 3): three administrators with disjoint duties.
    SYSADMIN = "sysadmin", _("System administrator")
    SECADMIN = "secadmin", _("Security administrator")
    AUDITADMIN = "auditadmin", _("Audit administrator")


class User(AbstractUser):
    display_name = models.CharField(_("display name"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username


class Membership(models.Model):
    """User × (region or department) × role. The scope decides which cases the role reaches."""

    # Who granted or revoked this membership, for the audit row (tongxin.security.signals).
    _tx_actor: "User | None" = None

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="memberships",
    )
    department = models.ForeignKey(
        "org.Department", verbose_name=_("department"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="memberships",
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(region__isnull=False, department__isnull=True)
                    | models.Q(region__isnull=True, department__isnull=False)
                    | models.Q(role="citizen", region__isnull=True, department__isnull=True)
                ),
                name="membership_has_one_scope",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.region or self.department or ''}"

    def clean(self) -> None:
        if self.role == Role.HANDLER and not self.department_id:
            raise ValidationError(_("A department handler must belong to a department."))
        if self.role not in (Role.HANDLER, Role.CITIZEN) and not self.region_id:
            raise ValidationError(_("This role needs a region."))
