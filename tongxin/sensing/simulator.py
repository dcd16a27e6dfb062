"""A fleet of simulated devices talking to the broker: the demo's and the bench's traffic.

Each device sends its normal reading (or a heartbeat) on a schedule; the faulty ones send
their alarm value instead, again and again, as a stuck sensor does. A share of messages is
published twice (a device's retry: the same msg_id) and a share is malformed, so the ingest's
accounting can be checked against what was sent.
"""

from __future__ import annotations

import json
import random
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from .mqtt import Broker


@dataclass(frozen=True)
class Talker:
    code: str
    event_type: str
    normal: float
    fault: float


@dataclass
class Sent:
    messages: int = 0  # every publish, duplicates and malformed included
    duplicates: int = 0
    malformed: int = 0
    faulty: list[str] = field(default_factory=list)
    seconds: float = 0.0


def simulate(broker: Broker, talkers: list[Talker], *, rate: float, seconds: float,
             faulty_share: float = 0.01, duplicate_share: float = 0.005,
             malformed_share: float = 0.001, seed: int = 1) -> Sent:
    import paho.mqtt.client as mqtt

    rng = random.Random(seed)
    faulty = {t.code for t in rng.sample(talkers, k=round(len(talkers) * faulty_share))}
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2,
                         client_id=f"tongxin-sim-{uuid.uuid4().hex[:8]}")
    client.max_inflight_messages_set(1000)
    client.max_queued_messages_set(0)
    client.connect(broker.host, broker.port)
    client.loop_start()
    sent, started = Sent(faulty=sorted(faulty)), time.monotonic()
    total = int(rate * seconds)
    pending = []
    for i in range(total):
        # Pace to `rate`: sleep only when ahead of schedule.
        ahead = started + i / rate - time.monotonic()
        if ahead > 0:
            time.sleep(ahead)
        talker = talkers[i % len(talkers)]
        topic = f"tongxin/devices/{talker.code}/events"
        if rng.random() < malformed_share:
            payload = b'{"msg_id": 1, "ts": "yesterday"'
            sent.malformed += 1
        else:
            value = talker.fault if talker.code in faulty else talker.normal
            payload = json.dumps({"msg_id": f"{talker.code}-{i}", "type": talker.event_type,
                                  "value": value, "ts": datetime.now(UTC).isoformat()}).encode()
        pending.append(client.publish(topic, payload, qos=1))
        sent.messages += 1
        if rng.random() < duplicate_share and not payload.startswith(b'{"msg_id": 1,'):
            pending.append(client.publish(topic, payload, qos=1))
            sent.messages += 1
            sent.duplicates += 1
    for info in pending:
        info.wait_for_publish(timeout=30)
    sent.seconds = time.monotonic() - started
    client.loop_stop()
    client.disconnect()
    return sent
