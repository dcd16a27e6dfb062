"""`tongxin sensing`: the device channel.

    tongxin sensing ingest [--url mqtt://127.0.0.1:1883]
    tongxin sensing simulate [--rate 20] [--seconds 60] [--faulty 0.1]
    tongxin sensing offline
    tongxin sensing import FILE.xlsx [--report r.csv] [--dry-run]

`ingest` subscribes to tongxin/devices/+/events until stopped; with no broker at the URL it
says so and exits 0 (so `make demo` runs without one). `simulate` makes the registered
devices talk (the demo's traffic); `offline` marks silent devices offline once; `import`
loads the device registry from a spreadsheet (tongxin.sensing.importer; exit 2 on a file
that cannot be read).
"""

from __future__ import annotations

import signal
import threading
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tongxin.intake.importer import ImportFileError, summary_lines
from tongxin.sensing import alarms, importer, mqtt
from tongxin.sensing.models import Device
from tongxin.sensing.simulator import Talker, simulate

# What each demo profile's devices normally read and read when faulty.
READINGS = {"smoke": (0.0, 1.0), "tilt": (2.0, 30.0), "water_level": (0.1, 0.8),
            "fire_lane": (0.0, 1.0)}


class Command(BaseCommand):
    help = "Sensors and video alarms: MQTT ingest, a device simulator, the offline check."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="command", required=True)
        for name in ("ingest", "simulate"):
            p = sub.add_parser(name)
            p.add_argument("--url", default=settings.TONGXIN_MQTT_URL)
        simulate_parser = sub.choices["simulate"]
        simulate_parser.add_argument("--rate", type=float, default=20.0)
        simulate_parser.add_argument("--seconds", type=float, default=60.0)
        simulate_parser.add_argument("--faulty", type=float, default=0.1)
        sub.add_parser("offline")
        load = sub.add_parser("import")
        load.add_argument("file", type=Path)
        load.add_argument("--report", type=Path, help="write every problem row to this CSV")
        load.add_argument("--dry-run", action="store_true", help="check only, store nothing")

    def handle(self, *args, command: str, **options) -> None:
        if command == "import":
            self._import(options)
            return
        if command == "offline":
            self.stdout.write(_("%(n)d devices went offline.") % {"n": alarms.mark_offline()})
            return
        try:
            broker = mqtt.Broker.from_url(options["url"])
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        if not broker.reachable():
            self.stdout.write(_("No MQTT broker answers at %(url)s: the device ingest is not "
                                "running.") % {"url": options["url"]})
            return
        if command == "ingest":
            self._ingest(broker)
        else:
            self._simulate(broker, options)

    def _import(self, options: dict) -> None:
        try:
            summary = importer.import_file(path=options["file"], report=options.get("report"),
                                           dry_run=options.get("dry_run", False))
        except ImportFileError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        for line in summary_lines(summary, dry_run=options.get("dry_run", False)):
            self.stdout.write(line)

    def _ingest(self, broker: mqtt.Broker) -> None:
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_a: stop.set())
        self.stdout.write(_("Device ingest listening on %(host)s:%(port)d")
                          % {"host": broker.host, "port": broker.port})
        mqtt.run(broker, stop=stop)

    def _simulate(self, broker: mqtt.Broker, options: dict) -> None:
        talkers = []
        for device in Device.objects.select_related("profile").prefetch_related(
                "profile__rules"):
            rules = list(device.profile.rules.all())
            if rules and rules[0].event_type in READINGS:
                normal, fault = READINGS[rules[0].event_type]
                talkers.append(Talker(device.code, rules[0].event_type, normal, fault))
        if not talkers:
            raise CommandError(_("No devices to simulate: load the demo first."), returncode=2)
        sent = simulate(broker, talkers, rate=options["rate"], seconds=options["seconds"],
                        faulty_share=options["faulty"])
        self.stdout.write(_("Sent %(n)d messages from %(devices)d devices in %(s).0f s; "
                            "faulty: %(faulty)s")
                          % {"n": sent.messages, "devices": len(talkers), "s": sent.seconds,
                             "faulty": ", ".join(sent.faulty) or "—"})
