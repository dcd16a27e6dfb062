"""Against the real broker (Mosquitto on TONGXIN_MQTT_URL): a stuck smoke detector sends
its alarm a hundred times — one alarm (count 100), one case; its "normal" message clears
the alarm and notes the case; a malformed message is counted and the next good one is
processed."""

import json
import time
import uuid
from datetime import UTC, datetime

import paho.mqtt.client as mqtt
import pytest
from django.conf import settings

from tests.sensing.fleet import device, smoke_profile
from tongxin.cases.models import Case, CaseEvent
from tongxin.sensing import ingest
from tongxin.sensing.models import Alarm, AlarmStatus, Counter, Message
from tongxin.sensing.mqtt import Broker, Consumer

BROKER = Broker.from_url(settings.TONGXIN_MQTT_URL)


@pytest.fixture
def broker():
    if not BROKER.reachable():
        pytest.skip(f"no MQTT broker at {settings.TONGXIN_MQTT_URL}")
    consumer = Consumer(BROKER, client_id=f"test-{uuid.uuid4().hex[:8]}", persistent=False)
    assert consumer.ready.wait(5)
    publisher = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2)
    publisher.connect(BROKER.host, BROKER.port)
    publisher.loop_start()
    yield consumer, publisher
    publisher.loop_stop()
    publisher.disconnect()
    consumer.close()


def publish(publisher, code: str, payloads: list) -> None:
    for body in payloads:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        publisher.publish(f"tongxin/devices/{code}/events", raw, qos=1).wait_for_publish(5)


def drain(consumer, expected: int) -> None:
    """Process what arrives until `expected` messages were seen (or 10 s pass)."""
    seen, deadline = 0, time.monotonic() + 10
    while seen < expected and time.monotonic() < deadline:
        events, malformed = consumer.batch(seconds=0.3)
        if events or malformed:
            ingest.process(events, malformed=malformed)
            seen += len(events) + malformed
    assert seen == expected


def reading(i: int, value: float, code: str) -> dict:
    return {"msg_id": f"{code}-{i}", "ts": datetime.now(UTC).isoformat(), "type": "smoke",
            "value": value}


def test_repeats_make_one_alarm_and_clearing_notes_the_case(world, broker):
    consumer, publisher = broker
    code = f"SMK-{uuid.uuid4().hex[:6]}"
    device(world, smoke_profile(), code)

    publish(publisher, code, [reading(i, 1, code) for i in range(100)])
    drain(consumer, 100)

    alarm = Alarm.objects.get()
    assert (alarm.count, alarm.status) == (100, AlarmStatus.ACTIVE)
    case = Case.objects.get()
    assert (alarm.case, case.channel, case.urgency) == (case, "iot", "urgent")

    publish(publisher, code, [reading(100, 0, code)])
    drain(consumer, 1)
    assert Alarm.objects.get().status == AlarmStatus.CLEARED
    assert CaseEvent.objects.filter(case=case, action="alarm_cleared").count() == 1


def test_a_malformed_message_is_counted_and_the_next_one_processed(world, broker):
    consumer, publisher = broker
    code = f"SMK-{uuid.uuid4().hex[:6]}"
    device(world, smoke_profile(), code)

    publish(publisher, code, [b"{not json", {"msg_id": "x"}, reading(1, 0, code)])
    drain(consumer, 3)

    counts = dict(Counter.objects.values_list("name", "value"))
    assert counts["malformed"] == 2 and counts["processed"] == 1
    assert Message.objects.filter(msg_id=f"{code}-1").exists()
