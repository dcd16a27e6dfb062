"""`tongxin hotline seed-kb [--data FILE] [--limit N]`: seed the knowledge base from the
government replies in messages_with_replies.csv (derived Q/A stored at run time only)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tongxin.core.errors import ValidationFailed
from tongxin.hotline.services import seed_knowledge_base

DEFAULT = Path("appeals-zh") / "messages_with_replies.csv"


class Command(BaseCommand):
    help = _("Hotline console tools: seed-kb seeds the knowledge base from reply data.")

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="command", required=True)
        seed = sub.add_parser("seed-kb", help=_("Seed the knowledge base from a CSV of replies."))
        seed.add_argument("--data", type=Path, default=None,
                          help=_("CSV with id,subject,reply (default: the shared data file)."))
        seed.add_argument("--limit", type=int, default=None,
                          help=_("Store at most this many articles."))

    def handle(self, *args, command: str, data: Path | None, limit: int | None,
               **options) -> None:
        path = data or Path(settings.SHARED_DATA_DIR) / DEFAULT
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path}, returncode=2)
        try:
            result = seed_knowledge_base(path=path, limit=limit)
        except (ValidationFailed, UnicodeDecodeError) as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(_("%(created)d articles added, %(skipped)d rows skipped.")
                          % {"created": result.created, "skipped": result.skipped})
