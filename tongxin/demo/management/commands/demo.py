"""`tongxin demo`: load the demo district (枣庄市市中区) with accounts and demo cases.

`tongxin demo generate --cases N [--years 3] [--seed S] [--events all|sample|none]` adds N
synthetic cases set-based (tongxin.demo.bulk) for load tests and the command-center views.

Idempotent: base data is matched by code and username, and cases are only generated while
the demo district has none, so running it again changes nothing.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tongxin.demo import areas, bulk, devices, emergency, mediation, party, population, whistle
from tongxin.demo.accounts import PASSWORD
from tongxin.demo.cases import DEFAULT_SEED, generate_cases
from tongxin.demo.loader import Report, load_base
from tongxin.triage.training import ensure_routing_model


class Command(BaseCommand):
    help = _("Load the demo district 枣庄市市中区: regions, departments, categories, accounts "
             "and demo cases.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("action", nargs="?", choices=["generate"],
                            help=_("generate: bulk-insert synthetic cases (load tests)."))
        parser.add_argument("--cases", type=int, default=300,
                            help=_("How many demo cases to generate (default 300)."))
        parser.add_argument("--years", type=float, default=3.0,
                            help=_("generate: spread the cases over this many years."))
        parser.add_argument("--events", choices=["all", "sample", "none"], default="all",
                            help=_("generate: write every case's event trail, a sample, or none."))
        parser.add_argument("--sample-every", type=int, default=100,
                            help=_("generate --events sample: trails of one case in this many."))
        parser.add_argument("--no-cases", action="store_true",
                            help=_("Load the base data only, no demo cases."))
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                            help=_("Random seed of the case generator."))

    def handle(self, *args, action: str | None, cases: int, no_cases: bool, seed: int,
               **options) -> None:
        if action == "generate":
            self._generate(cases, seed, options)
            return
        started = time.monotonic()
        report = Report()
        base = load_base(report)
        self._report(report)
        if people := population.populate(base.district):
            self.stdout.write(_("Synthetic population added (labelled 示例, no real person): "
                                "%(count)d people") % {"count": people})
        if devices.load_devices(base.district):
            self.stdout.write(_("Demo sensors added; `tongxin sensing simulate` makes them "
                                "talk."))
        if added_areas := areas.load_areas(base.district):
            self.stdout.write(_("Road chiefs, police blocks and property companies added "
                                "(synthetic geometry): %(count)d areas") % {"count": added_areas})
        if mediators := mediation.load_organisations(base.district):
            self.stdout.write(_("Mediation committees added: %(count)d mediators")
                              % {"count": mediators})
        if plans := emergency.load_resources(base.district):
            self.stdout.write(_("Emergency plans, warehouses, teams, experts and shelters "
                                "added (synthetic places): %(count)d plans") % {"count": plans})
        if members := party.load_party(base.district):
            self.stdout.write(_("Party organisations added: %(count)d members")
                              % {"count": members})
        if topics := party.load_councils(base.district):
            self.stdout.write(_("Grid councils added: %(count)d topics") % {"count": topics})
        if not no_cases:
            added = generate_cases(base, cases, seed=seed)
            if added:
                self.stdout.write(_("Demo cases added: %(count)d") % {"count": added})
            else:
                self.stdout.write(_("The demo district already has cases; none added."))
            self._train_routing()
            if shown := areas.demo_reports():
                self.stdout.write(_("Reports routed by road, compound and 110: %(count)d")
                                  % {"count": shown})
            if disputes := mediation.demo_disputes():
                self.stdout.write(_("Disputes transferred to mediation: %(count)d")
                                  % {"count": disputes})
            if incidents := emergency.demo_incidents():
                self.stdout.write(_("Emergency incidents (one a drill): %(count)d")
                                  % {"count": incidents})
            if calls := whistle.demo_whistles():
                self.stdout.write(_("Departments called by a whistle (吹哨报到): %(count)d")
                                  % {"count": calls})
        else:
            self.stdout.write(_("No demo cases: no routing model trained, so triage only "
                                "suggests units."))
        self.stdout.write(self.style.SUCCESS(
            _("Demo ready in %(seconds).1f s. Accounts: admin, operator, dispatcher, "
              "street_dispatcher, handler, grid, supervisor, leader, citizen; password: "
              "%(password)s") % {"seconds": time.monotonic() - started, "password": PASSWORD}
        ))

    def _train_routing(self) -> None:
        # The demo's dispatched cases teach triage where reports go, so new reports in the
        # demo are dispatched automatically when the model is sure enough.
        started = time.monotonic()
        trained = ensure_routing_model()
        values = {"path": trained.path, "examples": trained.examples, "units": trained.units,
                  "seconds": time.monotonic() - started}
        if trained.outcome == "too_few":
            self.stdout.write(_("Too few dispatched cases to train the routing model."))
        elif trained.outcome == "unchanged":
            self.stdout.write(_("Routing model already trained on these cases: %(path)s")
                              % values)
        else:
            auto = trained.meta.get("auto_dispatch", {})
            values["share"] = 100 * float(auto.get("auto_share", 0.0))
            self.stdout.write(_("Routing model trained on %(examples)d dispatched cases of "
                                "%(units)d units in %(seconds).1f s (automatic dispatch for "
                                "%(share).0f%% of them in cross-validation): %(path)s")
                              % values)

    def _generate(self, cases: int, seed: int, options: dict) -> None:
        if cases <= 0 or options["years"] <= 0 or options["sample_every"] <= 0:
            raise CommandError(_("--cases, --years and --sample-every must be positive."),
                               returncode=2)
        base = load_base(Report())
        opts = bulk.Options(count=cases, years=options["years"], seed=seed,
                            events=options["events"], sample_every=options["sample_every"])

        def progress(done: int, seconds: float) -> None:
            if done % 200_000 < bulk.BATCH or done == cases:
                self.stdout.write(_("%(done)d cases, %(rate).0f rows/s")
                                  % {"done": done, "rate": done / seconds})

        result = bulk.generate(base.district, opts, progress=progress)
        self.stdout.write(self.style.SUCCESS(
            _("Generated %(cases)d cases and %(events)d events in %(seconds).1f s "
              "(%(rate).0f cases/s); daily summary: %(rows)d rows in %(summary).1f s.")
            % {"cases": result.cases, "events": result.events, "seconds": result.seconds,
               "rate": result.cases_per_second, "rows": result.summary_rows,
               "summary": result.summary_seconds}))

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
