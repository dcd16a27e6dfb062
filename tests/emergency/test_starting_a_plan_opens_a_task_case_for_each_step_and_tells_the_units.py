"""一键启动: POST /cases/{id}/actions/start_plan with a plan and level Ⅲ opens an incident on the
plan's version and one task case per step of level Ⅲ and milder, each dispatched to its unit
(urgent, in the unit's queue, its handlers told at once) with the step's deadline in minutes;
the incident keeps its version when the plan is revised."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tests.api.support import Api, token_for
from tongxin.cases.models import Case, Channel
from tongxin.emergency.models import Incident, PlanVersion
from tongxin.notifications.models import Notification

from .command import urgent_case


def test_start_plan_through_its_endpoint_opens_the_tasks(world, command,
                                                         django_capture_on_commit_callbacks):
    now = timezone.now()
    case = urgent_case(world, at=now)
    api = Api(token_for(world.user("street_a")))
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/cases/{case.pk}/actions/start_plan",
                            {"plan": command.plan.pk, "level": 3, "note": "一键启动"})
    assert response.status_code == 200, response.content
    incident = Incident.objects.get(case=case)
    assert (incident.level, incident.plan_version_id, incident.drill) == (3, command.version.pk,
                                                                          False)
    tasks = {s.step.department.code: s.task for s in incident.steps.select_related(
        "task", "step__department")}
    assert set(tasks) == {"cg", "sw"}  # level Ⅱ's 住建 step is not part of Ⅲ
    for code, task in tasks.items():
        assert task.status == "dispatched" and task.lead_department.code == code
        assert task.channel == Channel.EMERGENCY and task.urgency == "urgent"
    minutes = (tasks["sw"].finish_deadline - incident.started_at) / timedelta(minutes=1)
    assert round(minutes) == 15 + 45  # T+15, 45 minutes to finish
    handler = world.user("handler")  # 城管's handler: told, and the task is in its queue
    assert Notification.objects.filter(user=handler, case=tasks["cg"]).exists()
    assert Case.objects.filter(lead_department__code="cg", status="dispatched").count() == 1

    listed = api.get(f"/emergency/incidents?case_id={case.pk}").json()
    assert [i["level"] for i in listed] == [3]
    assert {(s["unit_code"], s["status"]) for s in listed[0]["steps"]} == {
        ("cg", "open"), ("sw", "open")}
    assert all(s["deadline"] for s in listed[0]["steps"])

    # A revised plan does not change the incident that started on version 1.
    PlanVersion.objects.create(plan=command.plan, number=2, created_at=now)
    assert Incident.objects.get(pk=incident.pk).plan_version.number == 1
    plans = api.get("/emergency/plans").json()
    assert plans[0]["name"] == "燃气泄漏" and plans[0]["version"] == 2


def test_a_handler_may_not_start_a_plan_and_an_unknown_plan_is_refused(world, command):
    case = urgent_case(world, at=timezone.now())
    street = Api(token_for(world.user("street_a")))
    supervisor = Api(token_for(world.user("supervisor")))
    assert supervisor.post(f"/cases/{case.pk}/actions/start_plan",
                           {"plan": command.plan.pk, "level": 3}).status_code == 403
    bad_level = street.post(f"/cases/{case.pk}/actions/start_plan",
                            {"plan": command.plan.pk, "level": 5})
    assert bad_level.status_code == 422
    assert street.post(f"/cases/{case.pk}/actions/start_plan", {"level": 3}).status_code == 422
    assert not Incident.objects.exists()
