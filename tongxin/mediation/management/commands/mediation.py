"""`tongxin mediation dossier CASE_NUMBER --out FILE.pdf`: the dossier (卷宗) of one dispute as
one PDF, papers in the official order. A number that is no dispute, or a file that cannot be
written, exits with code 2 and says why."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tongxin.mediation import dossier
from tongxin.mediation.models import Dispute


class Command(BaseCommand):
    help = "Mediation centre: the dossier of a dispute as PDF."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="command", required=True)
        papers = sub.add_parser("dossier", help="the dossier of one dispute as one PDF")
        papers.add_argument("number", help="the case number of the dispute")
        papers.add_argument("--out", required=True, help="the PDF file to write")

    def handle(self, *args, **options) -> None:
        number, out = options["number"].strip(), Path(options["out"])
        dispute = (Dispute.objects.select_related("case", "org__department", "mediator")
                   .filter(case__number=number).first())
        if dispute is None:
            raise CommandError(f"No dispute with case number {number!r}.", returncode=2)
        if not out.parent.is_dir():
            raise CommandError(f"Cannot write {out}: no such folder.", returncode=2)
        pdf = dossier.dossier_pdf(dispute)
        try:
            out.write_bytes(pdf)
        except OSError as exc:
            raise CommandError(f"Cannot write {out}: {exc.strerror}.", returncode=2) from exc
        missing = dossier.missing_papers(dispute)
        self.stdout.write(f"{out}: {len(pdf)} bytes"
                          + (f"; still missing: {'、'.join(missing)}" if missing else ""))
