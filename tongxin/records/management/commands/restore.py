"""`tongxin restore FILE.tar.gz`: into an empty database (migrated first) and MEDIA_ROOT."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tongxin.records.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup written by `tongxin backup` into an empty database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--no-migrate", action="store_true",
                            help="the database is already migrated")

    def handle(self, *args, file: Path, no_migrate: bool, **options) -> None:
        if not file.is_file():
            raise CommandError(f"no such file: {file}", returncode=2)
        if not no_migrate:
            call_command("migrate", verbosity=0, interactive=False)
        try:
            manifest = restore(file)
        except BackupError as error:
            raise CommandError(str(error), returncode=2) from error
        total = sum(manifest["counts"].values())
        self.stdout.write(f"restored {total} rows (backup of {manifest['created_at']})")
