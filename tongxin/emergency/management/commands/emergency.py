"""`tongxin emergency`: emergency resources from files.

    tongxin emergency template --kind teams [--out teams.xlsx]
    tongxin emergency import --kind teams FILE.xlsx [--report r.csv] [--dry-run]

Kinds: teams, experts, shelters, warehouses, stock. Every problem row is listed (row, field,
reason); rows stored before are skipped. Exit code 2 when the file cannot be read or lacks
a required column (nothing stored).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tongxin.emergency import importer
from tongxin.intake.importer import ImportFileError, summary_lines

SHOWN_PROBLEMS = 20


class Command(BaseCommand):
    help = "Import emergency resources (teams, experts, shelters, warehouses, stock)."

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
        except ImportFileError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        for line in summary_lines(summary, dry_run=options.get("dry_run", False),
                                  shown=SHOWN_PROBLEMS):
            self.stdout.write(line)
