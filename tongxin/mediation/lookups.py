"""Mediation organisations by their department, held in process (tongxin.core.cache): the
transfer's subscriber finds the organisation without a query."""

from __future__ import annotations

from tongxin.core.cache import ProcessCache

from .models import MediationOrg

_ORGS = ProcessCache(lambda: dict(MediationOrg.objects.values_list("department_id", "pk")),
                     ttl=60, watch=["mediation.MediationOrg"])


def org_of(department_id: int | None) -> int:
    """The organisation of a mediation department (KeyError for another department)."""
    if department_id is None:
        raise KeyError(department_id)
    orgs = _ORGS.get()
    if department_id not in orgs:  # created by another process since the last load
        _ORGS.clear()
        orgs = _ORGS.get()
    return orgs[department_id]
