"""`tongxin security verify-audit | init-keys | rotate-keys | anonymise | bootstrap-admin`."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from tongxin.accounts.models import Membership, Role, User
from tongxin.accounts.permissions import ADMIN_ROLES
from tongxin.core import keys
from tongxin.records import retention, rotation
from tongxin.regions.models import Region
from tongxin.security import audit, seals
from tongxin.security.crypto import CryptoError
from tongxin.security.models import Category


class Command(BaseCommand):
    help = "Security tasks: verify the audit chain, rotate SM4 keys, anonymise expired data."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="task", required=True)
        sub.add_parser("verify-audit", help="check the audit log's hash chain; exit 1 on a break")
        sub.add_parser("init-keys", help="write this install's random keys under the data "
                                         "directory if they are missing (first run)")
        rotate = sub.add_parser("rotate-keys",
                                help="re-encrypt personal data under TONGXIN_SM4_ACTIVE")
        rotate.add_argument("--new-key", action="store_true",
                            help="first add a fresh random SM4 key to the install's key file "
                                 "and make it the active one")
        sub.add_parser("anonymise", help="anonymise personal data past the retention period")
        boot = sub.add_parser(
            "bootstrap-admin",
            help="give one of the three administrator roles from the server console "
                 "(to create the first security administrator)")
        boot.add_argument("--user", required=True)
        boot.add_argument("--role", required=True, choices=sorted(ADMIN_ROLES))
        boot.add_argument("--region", required=True, help="region code, e.g. the district")

    def handle(self, *args, task: str, **options) -> None:
        getattr(self, "_" + task.replace("-", "_"))(**options)

    def _verify_audit(self, **options) -> None:
        from tongxin.cases import trail
        from tongxin.cases.models import CaseEvent, TrailSeal

        breaks = [(f"audit entry {b.entry_id}", b.reason) for b in audit.verify()]
        breaks += [(b.where, b.reason) for b in seals.verify()]
        breaks += [(b.where, b.reason) for b in trail.verify()]
        if breaks:
            for where, reason in breaks:
                self.stderr.write(f"{where}: {reason}")
            raise CommandError(f"audit chain broken at {len(breaks)} place(s); first: "
                               f"{breaks[0][0]}", returncode=1)
        self.stdout.write(
            f"audit chain intact: {audit.AuditEntry.objects.count()} entries verified; "
            f"case trails intact: {CaseEvent.objects.count()} events, "
            f"{TrailSeal.objects.count()} seals verified")

    def _init_keys(self, **options) -> None:
        # The settings wrote any missing file when they loaded (tongxin.cli sets
        # TONGXIN_CREATE_KEYS for this command); say where the keys are.
        self.stdout.write(f"keys: {settings.DATA_DIR / keys.SIGNING_FILE} (signing), "
                          f"{settings.DATA_DIR / keys.DATA_FILE} (data); environment "
                          "variables of the same names take precedence")

    def _rotate_keys(self, *, new_key: bool = False, **options) -> None:
        if new_key:
            if os.environ.get("TONGXIN_SM4_KEYS"):
                raise CommandError("TONGXIN_SM4_KEYS comes from the environment: add the new "
                                   "key there and set TONGXIN_SM4_ACTIVE", returncode=2)
            ring, active = keys.add_sm4_key(settings.DATA_DIR)
            settings.TONGXIN_SM4_KEYS, settings.TONGXIN_SM4_ACTIVE = ring, active
            self.stdout.write(f"new SM4 key {active} added and made active")
        try:
            changed = rotation.rotate()
        except CryptoError as error:
            raise CommandError(str(error), returncode=2) from error
        audit.record(category=Category.SECURITY, action="rotate_keys", actor_name="console",
                     detail={"rows": changed})
        self.stdout.write(f"re-encrypted {changed} row(s) under the active key")

    def _anonymise(self, **options) -> None:
        count = retention.anonymise_expired()
        self.stdout.write(f"anonymised the personal data of {count} case(s)")

    def _bootstrap_admin(self, *, user: str, role: str, region: str, **options) -> None:
        try:
            target = User.objects.get(username=user)
            scope = Region.objects.get(code=region)
        except (User.DoesNotExist, Region.DoesNotExist) as error:
            raise CommandError(f"no such user or region: {error}", returncode=2) from error
        held = set(Membership.objects.filter(user=target).values_list("role", flat=True))
        if held & (ADMIN_ROLES - {role}):
            raise CommandError("one person may hold only one administrator role", returncode=2)
        with transaction.atomic():
            m, created = Membership.objects.get_or_create(user=target, role=Role(role),
                                                          region=scope)
        self.stdout.write(f"{'granted' if created else 'already held'}: {m}")
