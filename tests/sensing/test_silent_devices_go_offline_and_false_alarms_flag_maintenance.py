"""A device silent for twice its heartbeat goes offline with an offline alarm (no case) and
comes back with its next message; closing its alarms as false with a cause notes the case
and, past the profile's rate, flags the device for maintenance."""

from datetime import timedelta

from django.utils import timezone

from tests.sensing.fleet import device, smoke, smoke_profile
from tongxin.cases.models import CaseEvent
from tongxin.sensing import alarms, ingest
from tongxin.sensing.models import Alarm, Device, DeviceState


def test_offline_and_back(world):
    d = device(world, smoke_profile())
    now = timezone.now()
    ingest.process(smoke("SMK-1", 0, 1), now=now - timedelta(minutes=5))
    assert alarms.mark_offline(now=now) == 1
    assert Device.objects.get(pk=d.pk).state == DeviceState.OFFLINE
    offline = Alarm.objects.get(alarm_type=alarms.OFFLINE)
    assert offline.case is None
    ingest.process(smoke("SMK-1", 0, 1, prefix="back"), now=now)
    assert Device.objects.get(pk=d.pk).state == DeviceState.ONLINE
    assert Alarm.objects.get(pk=offline.pk).status == "cleared"


def test_false_alarms_flag_the_device(world):
    device(world, smoke_profile())
    dispatcher = world.user("dispatcher")
    for k in range(3):
        ingest.process(smoke("SMK-1", 1, 1, prefix=f"f{k}"))
        alarm = Alarm.objects.get(status="active")
        alarms.close_false(actor=dispatcher, alarm_id=alarm.pk, cause="cooking")
        assert CaseEvent.objects.filter(case=alarm.case, action="alarm_false").exists()
    assert Device.objects.get().needs_maintenance
    assert Alarm.objects.filter(status="false").count() == 3
