"""`tongxin basedata`: the grid's base data from files.

    tongxin basedata template --kind people [--out people.xlsx]
    tongxin basedata import --kind people FILE.xlsx [--report r.csv] [--dry-run]

Every problem row is listed (row, field, reason) in the report; rows stored before are
skipped and rows that disagree with what is stored are reported as conflicts, so the same
file can be imported again. Exit code 2 when the file itself cannot be read (nothing stored).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tongxin.basedata import importer
from tongxin.intake.importer import summary_lines

SHOWN_PROBLEMS = 20


class Command(BaseCommand):
    help = "Import the grid's base data (people, houses, organisations, places, components)."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="command", required=True)
        template = sub.add_parser("template", help="write an empty import file with its headers")
        template.add_argument("--kind", required=True, choices=list(importer.KINDS))
        template.add_argument("--out", type=Path, help="default: <kind>.xlsx")
        load = sub.add_parser("import", help="import a file")
        load.add_argument("--kind", required=True, choices=list(importer.KINDS))
        load.add_argument("file", type=Path)
        load.add_argument("--report", type=Path, help="write every problem row to this CSV")
        load.add_argument("--dry-run", action="store_true", help="check only, store nothing")

    def handle(self, *args, command: str, kind: str, **options) -> None:
        try:
            if command == "template":
                out = Path(options.get("out") or f"{kind}.xlsx")
                importer.write_template(kind, out)
                self.stdout.write(_("Template written: %(path)s") % {"path": out})
                return
            report = Path(options["report"]) if options.get("report") else None
            summary = importer.import_file(kind=kind, path=Path(options["file"]),
                                           dry_run=options.get("dry_run", False), report=report)
        except importer.ImportFileError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        for line in summary_lines(summary, dry_run=options.get("dry_run", False),
                                           shown=SHOWN_PROBLEMS):
            self.stdout.write(line)
