"""`tongxin analytics`: the command-center analytics from the console.

    tongxin analytics hot-issues --csv FILE [--out docs/hot_issues.md] [--top 20]
    tongxin analytics refresh [--rebuild]     fold changed cases into the daily summary
    tongxin analytics refresh --snapshots     also recompute warnings, hot issues, trends
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tongxin.analytics import snapshots, stats
from tongxin.analytics.report import BadCsv, write_report


class Command(BaseCommand):
    help = _("Command-center analytics: hot-issue table of a CSV, daily summary refresh.")

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        hot = sub.add_parser("hot-issues", help=_("Rank the hot issues of a CSV of appeals."))
        hot.add_argument("--csv", required=True, type=Path)
        hot.add_argument("--out", type=Path, default=Path("docs/hot_issues.md"))
        hot.add_argument("--top", type=int, default=20)
        hot.add_argument("--threshold", type=float, default=0.5,
                         help=_("cosine distance that still joins two messages (0–1)"))
        refresh = sub.add_parser("refresh", help=_("Update the daily case summary."))
        refresh.add_argument("--rebuild", action="store_true",
                             help=_("recompute the whole summary"))
        refresh.add_argument("--snapshots", action="store_true",
                             help=_("also recompute the early warnings, hot issues and "
                                    "trending words of every district, street and department"))

    def handle(self, *args, action: str, **options) -> None:
        if action == "refresh":
            if options["rebuild"]:
                self.stdout.write(_("Summary rebuilt: %(rows)d rows") % {"rows": stats.rebuild()})
            else:
                done = stats.refresh_dirty()
                self.stdout.write(_("Summary refreshed: %(days)d days, %(rows)d rows") % done)
            if options["snapshots"]:
                took = snapshots.refresh()
                self.stdout.write(_("Snapshots recomputed in %(seconds).1f s")
                                  % {"seconds": sum(took.values())})
            return
        csv_path: Path = options["csv"]
        if not csv_path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": csv_path}, returncode=2)
        if options["top"] <= 0 or not 0 < options["threshold"] < 1:
            raise CommandError(_("--top must be positive and --threshold between 0 and 1."),
                               returncode=2)
        try:
            count = write_report(csv_path, options["out"], top=options["top"],
                                 threshold=options["threshold"])
        except (BadCsv, UnicodeDecodeError) as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(self.style.SUCCESS(
            _("%(count)d hot issues written to %(out)s") % {"count": count,
                                                            "out": options["out"]}))
