"""Audit rows for logins, logouts, failures and membership changes. Workflow actions need
none: the case trail itself is their hash-chained audit record (tongxin.cases.events)."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from tongxin.accounts.models import Membership

from . import audit, sessions
from .models import Category


@receiver(user_logged_in, dispatch_uid="tx_audit_login")
def _logged_in(sender, request, user, **kwargs) -> None:
    audit.record(category=Category.AUTH, action="login", actor=user, request=request)
    sessions.on_login(request, user)


@receiver(user_logged_out, dispatch_uid="tx_audit_logout")
def _logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit.record(category=Category.AUTH, action="logout", actor=user, request=request)


@receiver(user_login_failed, dispatch_uid="tx_audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    username = str(credentials.get("username", ""))[:150]
    locked = bool(getattr(request, "axes_locked_out", False))
    audit.record(category=Category.AUTH, action="login_locked" if locked else "login_failed",
                 request=request, actor_name=username, success=False)


def _membership_detail(m: Membership) -> dict:
    return {"user": m.user_id, "role": m.role, "region": m.region_id,
            "department": m.department_id}


@receiver(post_save, sender=Membership, dispatch_uid="tx_audit_membership_saved")
def _membership_saved(sender, instance: Membership, created: bool, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    audit.record(category=Category.PERMISSION,
                 action="grant_role" if created else "change_role", obj=instance,
                 actor=getattr(instance, "_tx_actor", None),
                 detail=_membership_detail(instance))


@receiver(post_delete, sender=Membership, dispatch_uid="tx_audit_membership_deleted")
def _membership_deleted(sender, instance: Membership, **kwargs) -> None:
    audit.record(category=Category.PERMISSION, action="revoke_role", obj=instance,
                 actor=getattr(instance, "_tx_actor", None),
                 detail=_membership_detail(instance))
