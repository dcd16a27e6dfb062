"""The `tongxin` console command: a thin front over Django's manage.py.

`tongxin serve`, `tongxin worker`, `tongxin demo`, `tongxin triage train …` are management
commands; this module only points Django at the settings and hands over argv.
"""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:] if argv is None else argv
    # The two commands that may write an install's random keys on their first run
    # (tongxin.core.keys); every other command, the server included, needs them to exist.
    if args[:1] == ["demo"] or args[:2] == ["security", "init-keys"]:
        os.environ["TONGXIN_CREATE_KEYS"] = "1"
    execute_from_command_line(["tongxin", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
