"""Which departments are mediation organisations, held in process (tongxin.core.cache): the
workflow's guards ask it for every case a unit leads, without a query."""

from __future__ import annotations

from tongxin.core.cache import ProcessCache

from .models import Department, DepartmentKind


def _load() -> frozenset[int]:
    return frozenset(Department.objects.filter(kind=DepartmentKind.MEDIATION)
                     .values_list("pk", flat=True))


_MEDIATION = ProcessCache(_load, ttl=60, watch=["org.Department"])


def is_mediation_unit(department_id: int | None) -> bool:
    return department_id is not None and department_id in _MEDIATION.get()
