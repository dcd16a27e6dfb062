"""The dashboard's and 大屏's device panel: open alarms by type (an offline device counted as
offline, not as an alarm), the devices offline with the longest silent first, and only the
devices of the user's own regions."""

from datetime import timedelta

from django.utils import timezone

from tongxin.analytics.dashboard import build
from tongxin.sensing import ingest
from tongxin.sensing.alarms import mark_offline
from tongxin.sensing.models import Device

from .fleet import device, smoke, smoke_profile


def test_alarms_offline_and_the_users_regions(world):
    profile = smoke_profile()
    device(world, profile, "SMK-1")
    device(world, profile, "SMK-2")
    Device.objects.create(code="SMK-B", name="B街道烟感", profile=profile,
                          grid=world.grids["B1"], lat=34.05, lng=117.3)
    ingest.process(smoke("SMK-1", 1, 2))
    ingest.process(smoke("SMK-B", 1, 2, prefix="b"))
    Device.objects.filter(code="SMK-2").update(last_seen_at=timezone.now() - timedelta(hours=2))
    assert mark_offline(now=timezone.now()) >= 1

    panel = build(world.user("leader"), period="month")["devices"]
    assert (panel["devices"], panel["alarms"], panel["by_type"]) == (3, 2, {"fire": 2})
    assert "SMK-2" in [d["code"] for d in panel["offline_list"]]

    street_a = build(world.user("street_a"), period="month")["devices"]
    assert (street_a["devices"], street_a["alarms"]) == (2, 1)
