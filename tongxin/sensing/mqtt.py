"""The MQTT side of the ingest: subscribe to `tongxin/devices/+/events` and feed batches to
`ingest.process`.

paho's network thread only puts (topic, payload) on a queue; the ingest loop drains it in
batches (up to BATCH messages or BATCH_SECONDS), so a burst costs one database round per
batch, not per message. Subscriptions are QoS 1 and the session persistent (clean_start
false, a fixed client id), so messages published while the ingest restarts are delivered
when it is back; a redelivery is a duplicate by its msg_id.
"""

from __future__ import annotations

import logging
import queue
import socket
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlparse

from django.db import close_old_connections

from . import ingest

log = logging.getLogger(__name__)
TOPIC = "tongxin/devices/+/events"
BATCH, BATCH_SECONDS = 2000, 0.2


@dataclass(frozen=True)
class Broker:
    host: str
    port: int

    @classmethod
    def from_url(cls, url: str) -> Broker:
        parsed = urlparse(url)
        if parsed.scheme not in ("mqtt", "tcp") or not parsed.hostname:
            raise ValueError(f"not an mqtt:// URL: {url}")
        return cls(parsed.hostname, parsed.port or 1883)

    def reachable(self, timeout: float = 2.0) -> bool:
        try:
            with socket.create_connection((self.host, self.port), timeout=timeout):
                return True
        except OSError:
            return False


def device_of(topic: str) -> str | None:
    parts = topic.split("/")
    return parts[2] if len(parts) == 4 and parts[:2] == ["tongxin", "devices"] else None


class Consumer:
    """A subscribed MQTT client whose messages wait on a queue."""

    def __init__(self, broker: Broker, *, client_id: str = "tongxin-ingest",
                 persistent: bool = True) -> None:
        import paho.mqtt.client as mqtt
        from paho.mqtt.packettypes import PacketTypes
        from paho.mqtt.properties import Properties

        self.queue: queue.Queue[tuple[str, bytes]] = queue.Queue()
        self.ready = threading.Event()
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=client_id,
                                  protocol=mqtt.MQTTv5)
        self.client.on_connect = self._connected
        self.client.on_message = lambda _c, _u, msg: self.queue.put((msg.topic, bytes(msg.payload)))
        # MQTT 5: the broker may have as many QoS 1 messages in flight to us as it likes
        # (the default 20 caps a burst at one round trip per 20 messages, and the broker
        # drops what overflows its queue); the session outlives a restart of an hour.
        properties = Properties(PacketTypes.CONNECT)
        properties.ReceiveMaximum = 65535
        properties.SessionExpiryInterval = 3600 if persistent else 0
        self.client.connect(broker.host, broker.port, keepalive=30, clean_start=not persistent,
                            properties=properties)
        self.client.loop_start()

    def _connected(self, client, _userdata, _flags, reason, _properties) -> None:
        if reason.is_failure:
            log.error("MQTT connection refused: %s", reason)
            return
        client.subscribe(TOPIC, qos=1)
        self.ready.set()

    def batch(self, *, limit: int = BATCH, seconds: float = BATCH_SECONDS
              ) -> tuple[list[ingest.Event], int]:
        """What arrived within `seconds` (at most `limit`): (events, malformed count)."""
        events: list[ingest.Event] = []
        malformed, deadline = 0, time.monotonic() + seconds
        while len(events) + malformed < limit:
            try:
                topic, payload = self.queue.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                break
            try:
                events.append(ingest.parse(payload, device=device_of(topic)))
            except ingest.Malformed as exc:
                malformed += 1
                log.warning("malformed message on %s: %s", topic, exc)
        return events, malformed

    def close(self) -> None:
        self.client.loop_stop()
        self.client.disconnect()


def run(broker: Broker, *, stop: threading.Event, on_batch=None,
        client_id: str = "tongxin-ingest", persistent: bool = True) -> None:
    """The ingest loop until `stop` is set. A failing batch is logged and retried once on a
    fresh connection; it never ends the loop."""
    consumer = Consumer(broker, client_id=client_id, persistent=persistent)
    consumer.ready.wait(10)
    log.info("MQTT ingest subscribed to %s on %s:%s", TOPIC, broker.host, broker.port)
    try:
        while not stop.is_set():
            events, malformed = consumer.batch()
            if not events and not malformed:
                continue
            for attempt in (1, 2):
                try:
                    outcome = ingest.process(events, malformed=malformed)
                    break
                except Exception:  # noqa: BLE001 - the database may be restarting
                    log.exception("ingest batch failed (attempt %d)", attempt)
                    close_old_connections()
                    time.sleep(0.5)
            else:
                continue
            if on_batch is not None:
                on_batch(outcome)
    finally:
        consumer.close()
