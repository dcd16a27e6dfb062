"""演练: a drill of the plan opens its tasks like a real incident, but no real statistic counts
its cases (the dashboard's figures are the same before and after). Closing it records each
step's time against the plan, and a step that ran late opens a 'revise the plan' task for
the plan's owner."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tongxin.analytics import stats
from tongxin.analytics.dashboard import build
from tongxin.cases.models import Channel
from tongxin.cases.services import ActionInput, act
from tongxin.core.errors import ValidationFailed
from tongxin.emergency.selectors import incident_dict
from tongxin.emergency.services import close_incident, open_tasks, start_drill

from .command import urgent_case


def test_a_drill_is_left_out_of_the_figures_and_a_late_step_asks_for_a_revision(world,
                                                                                command):
    now = timezone.now()
    urgent_case(world, at=now)  # one real case, so the figures are not all zero
    leader = world.user("leader")
    stats.rebuild()  # the daily summary the dashboard reads, as the worker keeps it
    before = build(leader, now=now)["kpis"]
    assert before["received"] == 1

    commander = world.user("dispatcher")
    incident = start_drill(actor=commander, plan_id=command.plan.pk, level=3, lat=34.05,
                           lng=117.1, at=now)
    open_tasks(incident_id=incident.pk, now=now)
    assert incident.drill and incident.case.channel == Channel.DRILL
    tasks = {s.step.department.code: s.task for s in incident.steps.select_related(
        "task", "step__department")}
    assert {t.channel for t in tasks.values()} == {Channel.DRILL}
    # 城管 does its step in time, 水务 late (its deadline is T+60 min).
    for code, user, minutes in (("cg", "handler", 20), ("sw", None, 90)):
        at = now + timedelta(minutes=minutes)
        if user is None:
            from tests.world import _user
            from tongxin.accounts.models import Role

            user_obj = _user("handler_sw", Role.HANDLER, department=world.departments["sw"])
        else:
            user_obj = world.user(user)
        act(case_id=tasks[code].pk, actor=user_obj, action="accept", at=at)
        act(case_id=tasks[code].pk, actor=user_obj, action="reply", at=at,
            data=ActionInput(note="完成"))
        act(case_id=tasks[code].pk, actor=world.user("street_a"), action="verify_pass", at=at)

    later = now + timedelta(hours=2)
    with pytest.raises(ValidationFailed, match="report"):
        close_incident(incident_id=incident.pk, actor=commander, report=" ", at=later)
    closed = close_incident(incident_id=incident.pk, actor=commander,
                            report="演练总结：阀门关闭迟了30分钟", at=later)
    board = {s["unit_code"]: s for s in incident_dict(closed, later)["steps"]}
    assert (board["cg"]["late"], board["sw"]["late"]) == (False, True)
    assert board["sw"]["minutes_vs_plan"] == 30 and board["cg"]["minutes_vs_plan"] < 0
    revision = closed.revision_case
    assert revision is not None and revision.lead_department.code == "zj"
    assert revision.status == "dispatched" and "关闭片区阀门" in revision.description

    stats.rebuild()
    after = build(leader, now=later)["kpis"]
    # The revision task is real work for 住建 (reported now), so only it may count.
    assert after["received"] == before["received"] + 1


def test_a_drill_in_time_opens_no_revision(world, command):
    now = timezone.now()
    commander = world.user("dispatcher")
    incident = start_drill(actor=commander, plan_id=command.plan.pk, level=4, lat=34.05,
                           lng=117.1, at=now)
    open_tasks(incident_id=incident.pk, now=now)
    closed = close_incident(incident_id=incident.pk, actor=commander, report="无步骤", at=now)
    assert closed.revision_case is None and closed.status == "closed"
