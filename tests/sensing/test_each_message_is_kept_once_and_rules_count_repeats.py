"""A redelivered message (same msg_id) is a duplicate, not a second alarm; a rule that
wants three readings within a minute raises on the third; an unknown device is counted."""

from datetime import timedelta

from django.utils import timezone

from tests.sensing.fleet import device, smoke, smoke_profile
from tongxin.sensing import ingest
from tongxin.sensing.models import Alarm, Counter


def counts() -> dict:
    return dict(Counter.objects.values_list("name", "value"))


def test_a_redelivery_is_a_duplicate(world):
    device(world, smoke_profile())
    batch = smoke("SMK-1", 1, 5)
    ingest.process(batch)
    ingest.process(batch + smoke("NOPE", 1, 2))
    assert counts() == {"processed": 5, "duplicate": 5, "unknown_device": 2}
    assert Alarm.objects.get().count == 5


def test_repeats_within_the_window(world):
    device(world, smoke_profile(repeat=3, window_s=60))
    start = timezone.now()
    ingest.process(smoke("SMK-1", 1, 2, start=start))
    assert not Alarm.objects.exists()
    ingest.process(smoke("SMK-1", 1, 1, start=start + timedelta(seconds=5), prefix="late"))
    assert Alarm.objects.get().count == 1
    # Readings spread wider than the window never add up to an alarm.
    device(world, smoke_profile(repeat=3, window_s=60), "SMK-2")
    for k in range(3):
        ingest.process(smoke("SMK-2", 1, 1, start=start + timedelta(minutes=2 * k),
                             prefix=f"s{k}"))
    assert not Alarm.objects.filter(device__code="SMK-2").exists()


def test_parse_refuses_what_is_not_an_event():
    for bad in (b"[]", b'{"msg_id": "1", "type": "smoke", "ts": "2026-12-03T10:00:00"}',
                b'{"msg_id": "1", "type": "smoke", "ts": 1, "value": "hot"}', b"x" * 5000):
        try:
            ingest.parse(bad, device="SMK-1")
        except ingest.Malformed:
            continue
        raise AssertionError(f"accepted {bad[:40]!r}")
