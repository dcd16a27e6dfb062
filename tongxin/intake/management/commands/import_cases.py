"""`tongxin import_cases FILE`: bulk import of cases from an old system's Excel or CSV export.

    tongxin import_cases export.xlsx --mapping mapping.json --report report.csv
    tongxin import_cases calls.csv --dry-run

Every problem row is listed (row, field, reason) in the report and summarised here; rows
imported before are skipped, so the same file can be imported again safely. Exit code 2 when
the file itself cannot be read (then nothing was stored). The new cases are then triaged in
one batch (tongxin.triage), whatever their report date: an old system's export is usually
older than the worker's triage window, and the 研判中 queue needs their suggestions.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from tongxin.cases.models import Channel
from tongxin.intake import importer
from tongxin.triage.services import triage_cases

SHOWN_PROBLEMS = 20  # on the terminal; the report file has all of them


class _Stream:
    """Lets tqdm redraw its bar in place through Django's output wrapper, which would
    otherwise end every write with a newline (and colour stderr red)."""

    def __init__(self, out) -> None:
        self.out = out

    def write(self, text: str) -> None:
        self.out.write(text, style_func=lambda s: s, ending="")

    def flush(self) -> None:
        self.out.flush()


def _path(value) -> Path | None:
    return Path(value) if value else None


class Command(BaseCommand):
    help = "Import cases from an Excel (.xlsx) or CSV export of another system."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--mapping", type=Path,
                            help="JSON file: field → column header (defaults know common ones)")
        parser.add_argument("--channel", choices=Channel.values, default=Channel.IMPORT)
        parser.add_argument("--source", help="name of the source system; rows are unique per "
                            "source (default: the mapping's source, else 'import')")
        parser.add_argument("--report", type=Path, help="write every problem row to this CSV")
        parser.add_argument("--dry-run", action="store_true", help="check only, store nothing")
        parser.add_argument("--no-progress", action="store_true", help="hide the progress bar")

    def handle(self, *args, file: Path, mapping: Path | None, channel: str, source: str | None,
               report: Path | None, dry_run: bool, no_progress: bool, **options) -> None:
        # call_command passes keyword options through unconverted.
        file, mapping, report = Path(file), _path(mapping), _path(report)
        try:
            columns, mapped_source = importer.load_mapping(mapping)
            table = importer.read_table(file)
            importer.resolve_columns(table.headers, columns)
        except importer.ImportFileError as exc:
            if report:
                importer.write_report(report, [importer.Problem(0, "file", str(exc))])
            raise CommandError(str(exc), returncode=2) from exc
        with tqdm(total=len(table.rows), file=_Stream(self.stderr), unit=_("row"),
                  desc=_("Importing"), disable=no_progress, mininterval=0.5) as bar:
            summary = importer.import_table(
                table=table, mapping=columns, source=source or mapped_source or "import",
                channel=channel, dry_run=dry_run, on_row=bar.update,
            )
        if report:
            importer.write_report(report, summary.problems)
        self._summarise(summary, dry_run, report)
        if summary.case_ids:
            counts = triage_cases(case_ids=summary.case_ids)
            self.stdout.write(
                _("Triage: %(auto)d dispatched automatically, %(adjudicate)d sent to "
                  "adjudication, %(failed)d failed.") % counts)

    def _summarise(self, summary: importer.Summary, dry_run: bool, report: Path | None) -> None:
        for p in summary.problems[:SHOWN_PROBLEMS]:
            self.stdout.write(_("row %(row)d, %(field)s: %(reason)s")
                              % {"row": p.row, "field": p.field, "reason": p.reason})
        hidden = len(summary.problems) - SHOWN_PROBLEMS
        if hidden > 0:
            self.stdout.write(_("… and %(count)d more problems.") % {"count": hidden})
        created = _("would be created") if dry_run else _("created")
        self.stdout.write(
            _("%(total)d rows: %(created)d %(verb)s, %(skipped)d imported before, "
              "%(failed)d with problems.")
            % {"total": summary.total, "created": summary.created, "verb": created,
               "skipped": summary.skipped, "failed": summary.failed}
        )
        if report:
            self.stdout.write(_("Report written to %(path)s.") % {"path": report})
