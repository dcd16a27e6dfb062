"""A yellow warning on a case a road brought reaches its two most local chiefs; a red alarm
reaches every chief up to level 1 (each with an account), beside the command centres."""

from datetime import timedelta

from tests.cases.loop import report
from tongxin.areas.models import Chief
from tongxin.cases.sweep import sweep
from tongxin.notifications.models import Notification
from tongxin.triage.services import triage_case

from .support import account


def chain(world, road):
    squad = road.department
    Chief.objects.create(area=road, level=3, title="三级路长", name="李娜",
                         user=account("chief3", squad))
    Chief.objects.create(area=road, level=1, title="一级路长", name="吴建国",
                         user=world.user("leader"))
    case = report(world, title="建设路中段路灯不亮已经三天了", point=(34.0503, 117.1),
                  category=world.categories["light"])
    triage_case(case_id=case.pk)
    case.refresh_from_db()
    return case


def told(case, verb: str) -> set[str]:
    return set(Notification.objects.filter(case=case, verb=verb)
               .values_list("user__username", flat=True))


def test_yellow_to_the_local_chiefs_red_to_the_whole_chain(world, road):
    case = chain(world, road)
    assert case.finish_deadline is not None and case.yellow_at is not None
    sweep(now=case.yellow_at + timedelta(seconds=1))
    assert {"chief3", "roadchief"} <= told(case, "warn_yellow")
    assert "leader" not in told(case, "warn_yellow")
    sweep(now=case.finish_deadline + timedelta(seconds=1))
    assert {"chief3", "roadchief", "leader"} <= told(case, "warn_red")
