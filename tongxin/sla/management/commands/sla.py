"""`tongxin sla deadline --start ISO8601 --policy NAME`: print the computed finish deadline."""

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

    def handle(self, *args, sub: str, start: str, policy: str, accept: bool, **options) -> None:
        try:
            begin = datetime.fromisoformat(start)
        except ValueError:
            raise CommandError(f"--start is not an ISO 8601 time: {start!r}", returncode=2) from None
        if timezone.is_naive(begin):
            begin = timezone.make_aware(begin)
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
