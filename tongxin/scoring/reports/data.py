"""Everything a report shows, gathered with a handful of aggregate queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, F, QuerySet
from django.utils.translation import gettext as _

from tongxin.accounts.models import User
from tongxin.cases.access import LEVEL_FIELD
from tongxin.cases.models import Case
from tongxin.org.models import Category, Department
from tongxin.regions.models import Level, Region
from tongxin.security.personal import scrub_case_text

from ..metrics import METRICS, RATES, cohort, compute, overdue
from ..periods import aware
from ..scores import unit_ranking, worker_ranking

TOP = 10
CASE_ROWS = 50


@dataclass
class ReportData:
    title: str
    region: Region
    start: date
    end: date
    as_of: datetime
    total: dict
    streets: list[dict] = field(default_factory=list)
    units: list[dict] = field(default_factory=list)
    workers: list[dict] = field(default_factory=list)
    daily: list[tuple[str, int]] = field(default_factory=list)
    top_problems: list[tuple[str, int]] = field(default_factory=list)
    overdue: list[dict] = field(default_factory=list)
    reworked: list[dict] = field(default_factory=list)

    @property
    def metric_rows(self) -> list[tuple[str, str, object]]:
        """(key, label, value) of every metric of the total, in DESIGN.md's order."""
        return [(m.key, str(m.label), self.total[m.key]) for m in METRICS]


def region_cases(region: Region) -> QuerySet[Case]:
    """The cases located in `region`'s subtree: the same rule the jurisdiction filter uses
    for a region membership."""
    return Case.objects.filter(**{LEVEL_FIELD[Level(region.level)]: region.pk})


def _names(model, ids) -> dict:
    return {o.pk: str(o) for o in model.objects.filter(pk__in=[i for i in ids if i])}


def _case_rows(qs: QuerySet[Case]) -> list[dict]:
    """Overdue and reworked cases: no personal data (reports are passed around), and phone
    or ID numbers or the reporter's name written into the title are masked."""
    rows = []
    for case in qs.select_related("lead_department", "street")[:CASE_ROWS]:
        rows.append({
            "number": case.number, "title": scrub_case_text(case, case.title),
            "lead_department__name": case.lead_department.name if case.lead_department else None,
            "street__name": case.street.name if case.street else None, "status": case.status,
            "finish_deadline": case.finish_deadline, "rework_count": case.rework_count})
    return rows


def gather(*, region: Region, start: date, end: date, as_of: datetime, title: str,
           cases: QuerySet[Case] | None = None) -> ReportData:
    """`cases`: already narrowed to the reader's jurisdiction (default: the region)."""
    cases = region_cases(region) if cases is None else cases
    t0, t1 = aware(start), aware(end)
    data = ReportData(title=title, region=region, start=start, end=end, as_of=as_of,
                      total=compute(cases, start=t0, end=t1, as_of=as_of)[0])
    streets = compute(cases, start=t0, end=t1, dimension="street", as_of=as_of)
    names = _names(Region, [r["key"] for r in streets])
    data.streets = [{**r, "name": names.get(r["key"], _("(no street)"))} for r in streets]
    month = start.replace(day=1)
    units = unit_ranking(cases, start=t0, end=t1, as_of=as_of, month=month)
    names = _names(Department, [r["key"] for r in units])
    data.units = [{**r, "name": names[r["key"]]} for r in units]
    workers = worker_ranking(cases, start=t0, end=t1, month=month, as_of=as_of)
    names = _names(User, [r["key"] for r in workers])
    data.workers = [{**r, "name": names[r["key"]]} for r in workers]
    data.daily = [(r["key"].date().isoformat(), r["received"])
                  for r in compute(cases, start=t0, end=t1, dimension="day", as_of=as_of)]
    in_period = cohort(cases, t0, t1)
    top = (in_period.values("category_id").annotate(n=Count("pk"))
           .order_by("-n", "category_id")[:TOP])
    names = _names(Category, [r["category_id"] for r in top])
    data.top_problems = [(names.get(r["category_id"], _("(uncategorised)")), r["n"])
                         for r in top]
    data.overdue = _case_rows(in_period.filter(overdue(as_of)).order_by(F("finish_deadline").asc()))
    data.reworked = _case_rows(in_period.filter(rework_count__gt=0)
                               .order_by("-rework_count", "number"))
    return data


def percent(key: str, value) -> str:
    return share(value) if key in RATES else ("—" if value is None else str(value))


def share(value: float | None) -> str:
    """A share in [0, 1] as shown in reports and pages: a percentage, or a dash."""
    return "—" if value is None else f"{value:.1%}"
