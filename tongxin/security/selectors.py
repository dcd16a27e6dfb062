"""Reads of the audit log, for the audit administrator only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from tongxin.accounts.access import has_permission
from tongxin.accounts.permissions import AUDIT_READ

from .models import AuditEntry


@dataclass(frozen=True)
class AuditSearch:
    text: str = ""
    category: str = ""
    date_from: date | None = None
    date_to: date | None = None


def may_read_audit(user) -> bool:
    return has_permission(user, AUDIT_READ)


def search_audit(user, params: AuditSearch) -> QuerySet[AuditEntry]:
    if not may_read_audit(user):
        return AuditEntry.objects.none()
    qs = AuditEntry.objects.all()
    if params.category:
        qs = qs.filter(category=params.category)
    if params.text:
        t = params.text.strip()
        qs = qs.filter(Q(actor_name__icontains=t) | Q(action__icontains=t) | Q(object_id=t)
                       | Q(ip=t))
    if params.date_from:
        qs = qs.filter(at__date__gte=params.date_from)
    if params.date_to:
        qs = qs.filter(at__date__lte=params.date_to)
    return qs.order_by("-id")
