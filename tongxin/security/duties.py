"""Separation of duties (三员分立) for granting and revoking roles.

Only the security administrator grants or revokes roles; nobody changes their own roles;
one person holds at most one of the three administrator roles; every grant and revocation
is an audit row (signals.py). The audit administrator only reads the audit log, which no
role can change (models.AuditEntry is append-only).
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.accounts.access import has_permission, memberships_of
from tongxin.accounts.models import Membership, User
from tongxin.accounts.permissions import ADMIN_ROLES, GRANT_ROLES
from tongxin.core.errors import PermissionDenied, ValidationFailed


def check_grant(actor: User, target_user_id: int | None, role: str) -> None:
    """Raise PermissionDenied unless `actor` may give `role` to the user `target_user_id`."""
    if not has_permission(actor, GRANT_ROLES):
        raise PermissionDenied(_("Only the security administrator grants roles."))
    if target_user_id == actor.pk:
        raise PermissionDenied(_("Nobody may change their own roles."))
    if role in ADMIN_ROLES and target_user_id is not None:
        held = set(Membership.objects.filter(user_id=target_user_id)
                   .values_list("role", flat=True))
        if held & (ADMIN_ROLES - {role}):
            raise ValidationFailed(
                _("One person may hold only one of the system, security and audit "
                  "administrator roles."))


def grant_role(*, actor: User, user: User, role: str, region=None,
               department=None) -> Membership:
    with transaction.atomic():
        User.objects.select_for_update().get(pk=user.pk)
        check_grant(actor, user.pk, role)
        membership = Membership(user=user, role=role, region=region, department=department)
        membership.full_clean()
        membership._tx_actor = actor  # read by the audit signal
        membership.save()
    user.__dict__.pop("_tx_memberships", None)
    return membership


def revoke_role(*, actor: User, membership: Membership) -> None:
    with transaction.atomic():
        check_grant(actor, membership.user_id, membership.role)
        membership._tx_actor = actor  # read by the audit signal
        membership.delete()


def holds_admin_role(user: User) -> bool:
    return any(m.role in ADMIN_ROLES for m in memberships_of(user))
