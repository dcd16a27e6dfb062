"""智能感知 → 预案研判: a smoke detector's fire alarm opens a case, and that case is proposed
for the fire plan whose level Ⅳ names the alarm type; its text alone matches no plan."""

from __future__ import annotations

from django.utils import timezone

from tests.sensing.fleet import device, smoke, smoke_profile
from tongxin.emergency.models import EventClass, Plan, PlanLevel, PlanVersion
from tongxin.emergency.triggers import propose
from tongxin.sensing import ingest
from tongxin.sensing.models import Alarm


def test_a_fire_alarm_case_is_proposed_for_the_fire_plan(world, command):
    fire = Plan.objects.create(name="火灾", event_class=EventClass.FIRE,
                               owner=world.departments["zj"])
    version = PlanVersion.objects.create(plan=fire, number=1, created_at=timezone.now())
    PlanLevel.objects.create(version=version, level=4, trigger_sensor_alarm="fire")
    device(world, smoke_profile())
    ingest.process(smoke("SMK-1", 1, 1))
    case = Alarm.objects.get().case
    assert case is not None
    [proposal] = propose(case)
    assert (proposal.plan_name, proposal.level) == ("火灾", 4)
    assert proposal.reasons == ("a fire sensor alarm",)
