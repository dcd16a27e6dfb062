"""If the process dies between the commit of a start and the opening of its tasks (the
after-commit subscriber never ran), the worker's emergency_tasks job opens them a minute
later, once: a second run opens nothing."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tongxin.emergency.models import Incident, IncidentStep
from tongxin.emergency.services import open_pending

from .command import start, urgent_case


def test_the_worker_opens_lost_tasks_once(world, command):
    now = timezone.now()
    case = urgent_case(world, at=now)
    start(world, command, case, level=3, at=now)  # in the test's transaction: no commit
    incident = Incident.objects.get(case=case)
    assert not incident.tasks_opened and not IncidentStep.objects.exists()
    assert open_pending(now=now) == {"incidents": 0}  # too early: the request may still run
    assert open_pending(now=now + timedelta(minutes=2)) == {"incidents": 1}
    assert IncidentStep.objects.filter(incident=incident).count() == 2
    assert open_pending(now=now + timedelta(minutes=3)) == {"incidents": 0}
