"""Time-limit tools.

`tongxin sla deadline --start ISO8601 --policy NAME`: print the computed finish deadline.
`tongxin sla sweep [--now ISO8601]`: run the deadline sweep once and print what it raised.
`tongxin sla calendar`: print a warning for this or next year without an official schedule.
"""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tongxin.sla.calendar import WorkCalendar, add_limit
from tongxin.sla.models import TimeLimitPolicy


class Command(BaseCommand):
    help = "Time-limit tools."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="sub", required=True)
        deadline = sub.add_parser("deadline", help="print the deadline of a policy from a start")
        deadline.add_argument("--start", required=True, help="ISO 8601, e.g. 2026-09-30T10:00")
        deadline.add_argument("--policy", required=True, help="policy name, e.g. general")
        deadline.add_argument(
            "--accept", action="store_true", help="the sign-for deadline instead of finish"
        )
        sweep = sub.add_parser("sweep", help="raise the warnings that are due, once")
        sweep.add_argument("--now", help="ISO 8601 moment to sweep at (default: now)")
        sub.add_parser("calendar", help="warn about years without an official schedule")

    def handle(self, *args, sub: str, **options) -> None:
        if sub == "sweep":
            return self._sweep(options.get("now"))
        if sub == "calendar":
            return self._calendar()
        return self._deadline(options["start"], options["policy"], options["accept"])

    def _sweep(self, now: str | None) -> None:
        from tongxin.cases.sweep import sweep

        raised = sweep(now=_moment(now, "--now") if now else None)
        self.stdout.write(" ".join(f"{k}={v}" for k, v in raised.items()))

    def _calendar(self) -> None:
        from tongxin.sla.selectors import calendar_warnings

        for text in calendar_warnings():
            self.stderr.write(text)

    def _deadline(self, start: str, policy: str, accept: bool) -> None:
        begin = _moment(start, "--start")
        try:
            p = TimeLimitPolicy.objects.get(name=policy)
        except TimeLimitPolicy.DoesNotExist:
            names = ", ".join(TimeLimitPolicy.objects.values_list("name", flat=True))
            raise CommandError(f"unknown policy {policy!r}; known: {names}", returncode=2) from None
        value, unit = (p.accept_value, p.accept_unit) if accept else (p.finish_value, p.finish_unit)
        # A year without an official schedule falls back to Monday–Friday; the calendar logs
        # that as a warning on stderr, and the answer on stdout stays machine-readable.
        result = timezone.localtime(add_limit(begin, value, unit, WorkCalendar()))
        self.stdout.write(result.isoformat())


def _moment(text: str, option: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{option} is not an ISO 8601 time: {text!r}", returncode=2) from None
    return timezone.make_aware(value) if timezone.is_naive(value) else value
