"""From device messages to alarms and cases: the part every transport (MQTT, the video
platforms' webhook) shares.

`parse` turns a payload into an Event or raises Malformed; `process` takes a batch of events,
stores each message once (a redelivery is a duplicate), updates the devices' last-seen time
and applies the profiles' rules. Counts of every outcome go to Counter, so every message that
reached us is accounted for.
"""

from __future__ import annotations

import json
import logging
from collections import Counter as Tally
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from . import alarms
from .models import OPEN_ALARM, Alarm, Counter, Device, DeviceState, Message

log = logging.getLogger(__name__)
MAX_PAYLOAD = 4096


class Malformed(ValueError):
    """A payload that is not a device event; counted, logged, never fatal."""


@dataclass(frozen=True)
class Event:
    device: str
    msg_id: str
    ts: datetime
    type: str
    value: float | None
    severity: str = ""


@dataclass
class Outcome:
    counts: Tally = field(default_factory=Tally)
    lags: list[float] = field(default_factory=list)  # seconds from `ts` to stored


def parse(payload: bytes | str | dict, *, device: str | None = None) -> Event:
    """`{"msg_id", "ts", "type", "value", "severity"}` (and `device` when the topic does
    not name it). `ts` is ISO 8601 with an offset or epoch seconds."""
    if isinstance(payload, bytes | str):
        if len(payload) > MAX_PAYLOAD:
            raise Malformed("payload too large")
        try:
            payload = json.loads(payload)
        except (ValueError, UnicodeDecodeError):
            raise Malformed("not JSON") from None
    if not isinstance(payload, dict):
        raise Malformed("not an object")
    code = device or payload.get("device")
    msg_id, kind = payload.get("msg_id"), payload.get("type")
    for name, value in (("device", code), ("msg_id", msg_id), ("type", kind)):
        if not isinstance(value, str | int) or not str(value).strip() or len(str(value)) > 64:
            raise Malformed(f"bad {name}")
    return Event(device=str(code), msg_id=str(msg_id), ts=_ts(payload.get("ts")),
                 type=str(kind)[:30], value=_value(payload.get("value")),
                 severity=str(payload.get("severity") or "")[:10])


def _ts(raw) -> datetime:
    try:
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            return datetime.fromtimestamp(raw, tz=UTC)
        when = datetime.fromisoformat(str(raw))
    except (TypeError, ValueError, OverflowError, OSError):
        raise Malformed("bad ts") from None
    if when.tzinfo is None:
        raise Malformed("ts without a time zone")
    return when


def _value(raw) -> float | None:
    if raw is None:
        return None
    if isinstance(raw, bool):
        return float(raw)
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise Malformed("bad value") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise Malformed("bad value")
    return value


def count(counts: Tally) -> None:
    for name, n in counts.items():
        if n and not Counter.objects.filter(name=name).update(value=F("value") + n):
            Counter.objects.get_or_create(name=name)
            Counter.objects.filter(name=name).update(value=F("value") + n)


def process(events: list[Event], *, now: datetime | None = None,
            malformed: int = 0) -> Outcome:
    """Store and evaluate a batch. Safe to call again with the same events."""
    now = now or timezone.now()
    out = Outcome()
    out.counts["malformed"] += malformed
    devices = {d.code: d for d in Device.objects.filter(
        code__in={e.device for e in events}).select_related("profile")}
    known = [e for e in events if e.device in devices]
    out.counts["unknown_device"] += len(events) - len(known)
    with transaction.atomic():
        fresh = _store_new(known, devices, now, out)
        _seen(fresh, devices, now)
        count(out.counts)
    rules = alarms.rules_of({d.profile_id for d in devices.values()})
    open_alarms = set(Alarm.objects.filter(OPEN_ALARM, device__in=[
        devices[code].pk for code in {e.device for e in fresh}]).values_list(
        "device_id", "alarm_type"))
    for event in fresh:  # each alarm in its own transaction with its case
        try:
            alarms.evaluate(devices[event.device], event, rules=rules, now=now,
                            open_alarms=open_alarms)
        except Exception:  # noqa: BLE001 - one device's bad rule must not stop the batch
            log.exception("rule evaluation failed for %s/%s", event.device, event.msg_id)
    return out


# The hot path of the ingest, as plain SQL: the ORM's bulk_create spends more time preparing
# each row than the database spends storing it. ON CONFLICT DO NOTHING (SQLite and
# PostgreSQL) keeps a message that raced in from another ingest once.
_INSERT = ("INSERT INTO sensing_message (device_id, msg_id, ts, event_type, value, severity, "
           "received_at) VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING")


def _store_new(events: list[Event], devices: dict[str, Device], now: datetime,
               out: Outcome) -> list[Event]:
    stored = set(Message.objects.filter(msg_id__in={e.msg_id for e in events})
                 .values_list("device_id", "msg_id"))
    fresh, rows = [], []
    adapt = connection.ops.adapt_datetimefield_value
    received = adapt(now)
    for e in events:
        key = (devices[e.device].pk, e.msg_id)
        if key in stored:
            out.counts["duplicate"] += 1
            continue
        stored.add(key)
        fresh.append(e)
        rows.append((key[0], e.msg_id, adapt(e.ts), e.type, e.value, e.severity, received))
        out.lags.append((now - e.ts).total_seconds())
    with connection.cursor() as cursor:
        cursor.executemany(_INSERT, rows)
    out.counts["processed"] += len(fresh)
    return fresh


def _seen(events: list[Event], devices: dict[str, Device], now: datetime) -> None:
    ids = [devices[code].pk for code in {e.device for e in events}]
    if not ids:
        return
    Device.objects.filter(pk__in=ids).update(last_seen_at=now)
    back = list(Device.objects.filter(pk__in=ids, state=DeviceState.OFFLINE))
    if back:
        Device.objects.filter(pk__in=[d.pk for d in back]).update(state=DeviceState.ONLINE)
        for device in back:
            alarms.clear(device, alarms.OFFLINE, now=now)
