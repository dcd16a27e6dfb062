"""Committing a team changes its status (available → committed, logged, on the case's trail);
the same team cannot be committed twice; the board lists it; closing the incident frees it
(logged again) and cancels the tasks still open."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tongxin.cases.models import Case
from tongxin.core.errors import PermissionDenied, ValidationFailed
from tongxin.emergency.models import Incident, TeamStatus, TeamStatusLog
from tongxin.emergency.selectors import incident_dict
from tongxin.emergency.services import close_incident, commit_expert, commit_team, open_tasks

from .command import start, urgent_case


def test_commit_log_and_release(world, command):
    now = timezone.now()
    case = urgent_case(world, at=now)
    start(world, command, case, level=3, at=now)
    incident = Incident.objects.get(case=case)
    open_tasks(incident_id=incident.pk, now=now)
    commander = world.user("street_a")
    team = command.teams["near"]
    commit_team(incident_id=incident.pk, actor=commander, team_id=team.pk, at=now)
    team.refresh_from_db()
    assert team.status == TeamStatus.COMMITTED
    with pytest.raises(ValidationFailed, match="not available"):
        commit_team(incident_id=incident.pk, actor=commander, team_id=team.pk, at=now)
    commit_expert(incident_id=incident.pk, actor=commander, expert_id=command.expert.pk,
                  at=now)
    with pytest.raises(PermissionDenied):
        commit_team(incident_id=incident.pk, actor=world.user("leader_b")
                    if "leader_b" in world.users else world.user("supervisor"),
                    team_id=command.teams["far"].pk, at=now)
    board = incident_dict(incident)
    assert [t["name"] for t in board["resources"]["teams"]] == ["燃气抢险一队"]
    assert [x["name"] for x in board["resources"]["experts"]] == ["李工"]

    close_incident(incident_id=incident.pk, actor=commander, report="处置完毕", at=now)
    team.refresh_from_db()
    assert team.status == TeamStatus.AVAILABLE
    assert list(TeamStatusLog.objects.filter(team=team).order_by("pk").values_list(
        "from_status", "to_status")) == [("available", "committed"), ("committed", "available")]
    assert not Case.objects.filter(emergency_step__incident=incident,
                                   status__in=["dispatched", "in_progress"]).exists()
    assert [e.action for e in case.events.filter(action__startswith="emergency_")] == [
        "emergency_commit", "emergency_commit", "emergency_close"]
    with pytest.raises(ValidationFailed, match="closed"):
        commit_team(incident_id=incident.pk, actor=commander, team_id=command.teams["far"].pk,
                    at=now)
