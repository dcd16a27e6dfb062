"""`tongxin serve`: the production web server (gunicorn) on this project's WSGI app."""

import os
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the web application with gunicorn."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--bind", default=os.environ.get("TONGXIN_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", 2)))
        # Eight threads: the live screens' event streams (tongxin.live) hold up to
        # TONGXIN_LIVE_STREAMS (5) of them, each for at most half a minute.
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", 8)))

    def handle(self, *args, bind: str, workers: int, threads: int, **options) -> None:
        argv = [
            sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", bind,
            "--workers", str(workers), "--threads", str(threads), "--access-logfile", "-",
            "--graceful-timeout", "10",
        ]
        self.stdout.write(f"Serving on http://{bind}/")
        sys.stdout.flush()
        os.execv(sys.executable, argv)
