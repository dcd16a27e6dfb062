"""`tongxin backup --out FILE.tar.gz`: database (JSON, any backend) and media files."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from tongxin.records.backup import backup


class Command(BaseCommand):
    help = "Write a backup (database dump and attachments) to a .tar.gz file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, type=Path)

    def handle(self, *args, out: Path, **options) -> None:
        manifest = backup(out)
        total = sum(manifest["counts"].values())
        self.stdout.write(f"backup written to {out}: {total} rows from {manifest['database']}")
