"""Run as a separate process by the shared-limit test: sends HITS anonymous reports' worth of
rate-limit checks from one address and prints how many were let through.

    python -m tests.security.ratelimit_hits ADDRESS HITS [--create-table]
"""

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import RequestFactory

    from tongxin.security import ratelimits

    address, hits = sys.argv[1], int(sys.argv[2])
    if "--create-table" in sys.argv:
        call_command("createcachetable", verbosity=0)
        return
    factory = RequestFactory()
    allowed = 0
    for _ in range(hits):
        request = factory.post("/portal/anonymous/report/", REMOTE_ADDR=address)
        allowed += ratelimits.check(request) is None
    print(allowed)


if __name__ == "__main__":
    main()
