"""`tongxin demo`: load the demo district (枣庄市市中区) with accounts and demo cases.

Idempotent: base data is matched by code and username, and cases are only generated while
the demo district has none, so running it again changes nothing.
"""

import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from tongxin.demo.accounts import PASSWORD
from tongxin.demo.cases import DEFAULT_SEED, generate_cases
from tongxin.demo.loader import Report, load_base


class Command(BaseCommand):
    help = _("Load the demo district 枣庄市市中区: regions, departments, categories, accounts "
             "and demo cases.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--cases", type=int, default=300,
                            help=_("How many demo cases to generate (default 300)."))
        parser.add_argument("--no-cases", action="store_true",
                            help=_("Load the base data only, no demo cases."))
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                            help=_("Random seed of the case generator."))

    def handle(self, *args, cases: int, no_cases: bool, seed: int, **options) -> None:
        started = time.monotonic()
        report = Report()
        base = load_base(report)
        self._report(report)
        if not no_cases:
            added = generate_cases(base, cases, seed=seed)
            if added:
                self.stdout.write(_("Demo cases added: %(count)d") % {"count": added})
            else:
                self.stdout.write(_("The demo district already has cases; none added."))
        self.stdout.write(self.style.SUCCESS(
            _("Demo ready in %(seconds).1f s. Accounts: admin, operator, dispatcher, "
              "street_dispatcher, handler, grid, supervisor, leader, citizen; password: "
              "%(password)s") % {"seconds": time.monotonic() - started, "password": PASSWORD}
        ))

    def _report(self, report: Report) -> None:
        created, updated = +report.created, +report.updated  # + drops the zero counts
        if not created and not updated:
            self.stdout.write(_("Base data already loaded; nothing changed."))
            return
        for model, count in created.items():
            self.stdout.write(_("Created %(count)d %(kind)s") % counted(model, count))
        for model, count in updated.items():
            self.stdout.write(_("Updated %(count)d %(kind)s") % counted(model, count))


def counted(model, count: int) -> dict:
    return {"count": count, "kind": str(model._meta.verbose_name_plural)}
