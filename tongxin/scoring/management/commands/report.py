"""`tongxin report --kind monthly --period 2026-10 [--region CODE]`: generate a report now."""

from django.core.management.base import BaseCommand, CommandError

from tongxin.regions.models import Level, Region
from tongxin.scoring.models import ReportKind
from tongxin.scoring.periods import parse
from tongxin.scoring.reports.build import generate


class Command(BaseCommand):
    help = "Generate a 日分析 / 周总结 / 月通报 (Excel and PDF) for a period."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--kind", required=True, choices=ReportKind.values)
        parser.add_argument("--period", required=True,
                            help="2026-10-05 (daily), 2026-W40 (weekly) or 2026-10 (monthly)")
        parser.add_argument("--region", help="region code (default: every district)")

    def handle(self, *args, kind: str, period: str, region: str | None, **options) -> None:
        try:
            start, _end = parse(kind, period)
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from None
        if region:
            regions = list(Region.objects.filter(code=region))
            if not regions:
                raise CommandError(f"no region with code {region}", returncode=2)
        else:
            regions = list(Region.objects.filter(level=Level.DISTRICT))
            if not regions:
                raise CommandError("there is no district yet; load regions first",
                                   returncode=2)
        for place in regions:
            report = generate(kind=kind, region=place, start=start)
            self.stdout.write(f"{report}: {report.xlsx.name} {report.pdf.name}")
