"""The device channel under load: N messages/s (default 2,000) from D simulated devices
(default 1,000) for S seconds (default 60) through the local MQTT broker, 1 % of the devices
faulty (a stuck smoke detector each), 0.5 % of messages sent twice and 0.1 % malformed.

The ingest runs as `tongxin sensing ingest` does (tongxin.sensing.mqtt.run) in a thread of
this process against a scratch database (as bench_loop.py); the simulator
(tongxin.sensing.simulator) publishes from a separate process. Figures: what was sent, what
the ingest counted (processed + duplicate + malformed must equal sent), alarms and cases
(one per faulty device), and the ingest lag from a message's `ts` to its stored row (p50,
p99, max).

Writes bench/results.json → "sensing": {"sqlite"|"postgresql": {...}}.

    .venv/bin/python bench/bench_sensing.py [--rate 2000] [--devices 1000] [--seconds 60]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path

from bench_loop import _load, _server_version, _setup_django, bench_database
from results_file import record

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results.json"
KEY = "sensing"


def _publish(url: str, talkers, rate: float, seconds: float, out) -> None:
    from tongxin.sensing.mqtt import Broker
    from tongxin.sensing.simulator import simulate

    sent = simulate(Broker.from_url(url), talkers, rate=rate, seconds=seconds)
    out.put({"messages": sent.messages, "duplicates": sent.duplicates,
             "malformed": sent.malformed, "faulty": sent.faulty, "seconds": sent.seconds})


def measure(url: str, rate: float, devices: int, seconds: float) -> dict:
    from django.db import connection

    from tests.world import build_world
    from tongxin.cases.models import Case
    from tongxin.sensing.models import Alarm, Counter, Device, Profile, Rule
    from tongxin.sensing.mqtt import Broker, run
    from tongxin.sensing.simulator import Talker

    broker = Broker.from_url(url)
    if not broker.reachable():
        raise SystemExit(f"no MQTT broker at {url}")
    world = build_world()
    profile = Profile.objects.create(name="bench smoke", heartbeat_s=0)
    Rule.objects.create(profile=profile, event_type="smoke", alarm_type="fire", title="烟感报警",
                        op="ge", threshold=1, clear_op="le", clear_threshold=0)
    Device.objects.bulk_create([
        Device(code=f"B{i:05d}", name=f"bench {i}", profile=profile, grid=world.grids["A1"],
               lat=34.05, lng=117.1) for i in range(devices)])
    talkers = [Talker(f"B{i:05d}", "smoke", 0.0, 1.0) for i in range(devices)]

    lags: list[float] = []
    stop = threading.Event()
    ingest = threading.Thread(target=run, kwargs={
        "broker": broker, "stop": stop, "on_batch": lambda o: lags.extend(o.lags),
        "client_id": f"bench-{uuid.uuid4().hex[:8]}", "persistent": False})
    ingest.start()
    time.sleep(2)  # subscribed
    out: multiprocessing.Queue = multiprocessing.get_context("fork").Queue()
    publisher = multiprocessing.get_context("fork").Process(
        target=_publish, args=(url, talkers, rate, seconds, out))
    started = time.monotonic()
    publisher.start()
    sent = out.get(timeout=seconds * 3 + 60)
    publisher.join()

    def counted() -> dict:
        return dict(Counter.objects.values_list("name", "value"))

    deadline = time.monotonic() + 60
    while sum(counted().values()) < sent["messages"] and time.monotonic() < deadline:
        time.sleep(0.5)
    drained = time.monotonic() - started
    stop.set()
    ingest.join(timeout=10)
    counts = counted()
    ordered = sorted(lags)
    return {
        "devices": devices, "rate_target": rate, "seconds_target": seconds,
        "sent": sent["messages"], "sent_duplicates": sent["duplicates"],
        "sent_malformed": sent["malformed"], "publish_seconds": round(sent["seconds"], 1),
        "counted": counts, "accounted_for": sum(counts.values()) == sent["messages"],
        "faulty_devices": len(sent["faulty"]), "alarms": Alarm.objects.count(),
        "cases": Case.objects.filter(channel="iot").count(),
        "drained_seconds": round(drained, 1),
        "lag_ms": {"p50": round(1000 * statistics.median(ordered), 1),
                   "p99": round(1000 * ordered[int(0.99 * (len(ordered) - 1))], 1),
                   "max": round(1000 * ordered[-1], 1)} if ordered else None,
        "server_version": _server_version(connection), "load_after": _load(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=2000)
    parser.add_argument("--devices", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--mqtt-url", default=os.environ.get("TONGXIN_MQTT_URL",
                                                             "mqtt://127.0.0.1:1883"))
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL") or None)
    parser.add_argument("--pg-database", default="tongxin_bench_sensing")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    with bench_database(args.database_url, args.pg_database) as vendor:
        _setup_django()
        figures = measure(args.mqtt_url, args.rate, args.devices, args.seconds)
    record(args.results, KEY, vendor, figures)
    print(f"sensing[{vendor}]: sent {figures['sent']}, counted {figures['counted']}, "
          f"accounted for: {figures['accounted_for']}, alarms {figures['alarms']} / cases "
          f"{figures['cases']} for {figures['faulty_devices']} faulty, lag {figures['lag_ms']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
