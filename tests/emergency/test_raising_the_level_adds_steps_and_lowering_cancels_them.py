"""Raising the level (Ⅲ → Ⅱ) opens the steps Ⅱ adds as task cases; lowering it again (Ⅱ → Ⅲ)
cancels them on the engine (recalled and rejected, or closed when signed for), while the
steps Ⅲ keeps stay open. Each change is on the case's trail."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tongxin.cases.models import Case
from tongxin.cases.services import act
from tongxin.core.errors import ValidationFailed
from tongxin.emergency.models import Incident
from tongxin.emergency.services import change_level, open_tasks

from .command import start, urgent_case


def units(incident: Incident, status: str = "open") -> set[str]:
    return {s.step.department.code for s in incident.steps.select_related("step__department")
            if s.status == status}


def test_raise_adds_and_lower_cancels_the_difference(world, command):
    now = timezone.now()
    case = urgent_case(world, at=now)
    start(world, command, case, level=3, at=now)
    incident = Incident.objects.get(case=case)
    open_tasks(incident_id=incident.pk, now=now)
    assert units(incident) == {"cg", "sw"}

    commander = world.user("street_a")
    change_level(incident_id=incident.pk, actor=commander, level=2, at=now)
    assert units(incident) == {"cg", "sw", "zj"}
    zj_task = incident.steps.get(step__department__code="zj").task
    assert zj_task.status == "dispatched"
    act(case_id=zj_task.pk, actor=world.user("handler_zj"), action="accept", at=now)

    change_level(incident_id=incident.pk, actor=commander, level=3, at=now)
    assert units(incident) == {"cg", "sw"} and units(incident, "cancelled") == {"zj"}
    assert Case.objects.get(pk=zj_task.pk).status == "closed"  # signed for: closed as cancelled
    assert Case.objects.filter(emergency_step__incident=incident, status="dispatched").count() == 2
    levels = [(e.data["from"], e.data["to"]) for e in case.events.filter(action="emergency_level")]
    assert levels == [(3, 2), (2, 3)]

    with pytest.raises(ValidationFailed, match="already"):
        change_level(incident_id=incident.pk, actor=commander, level=3, at=now)
    with pytest.raises(ValidationFailed, match="1, 2, 3 or 4"):
        change_level(incident_id=incident.pk, actor=commander, level=0, at=now)


def test_a_lowered_step_not_yet_signed_for_is_recalled_and_rejected(world, command):
    now = timezone.now()
    case = urgent_case(world, at=now)
    start(world, command, case, level=2, at=now)
    incident = Incident.objects.get(case=case)
    open_tasks(incident_id=incident.pk, now=now)
    zj_task = incident.steps.get(step__department__code="zj").task
    change_level(incident_id=incident.pk, actor=world.user("street_a"), level=3, at=now)
    assert Case.objects.get(pk=zj_task.pk).status == "rejected"
