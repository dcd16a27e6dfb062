"""Which rows a user may count: the summary table when the user's jurisdiction is made of
whole districts or streets (the summary's dimensions), the live case table otherwise.

Both sources answer the same grouped question with the same counter names (metrics.py), so
the dashboard code does not care which one it reads. The live source reads through the one
jurisdiction filter; the summary is narrowed by the same region memberships.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Q, QuerySet
from django.db.models.functions import TruncDate

from tongxin.accounts.access import memberships_of
from tongxin.accounts.models import User
from tongxin.accounts.permissions import VIEW, role_has
from tongxin.cases.access import jurisdiction_filter
from tongxin.cases.models import Case
from tongxin.regions.models import Level, Region

from .metrics import CASE_COUNTERS, COUNTED, STAT_COUNTERS
from .models import CaseDailyStat, Dimension
from .stats import day_start, level2_category

SUMMARY_LEVELS = {Level.DISTRICT: "district_id", Level.STREET: "street_id"}


@dataclass(frozen=True)
class Filters:
    """What the dashboard narrows by; every field optional."""

    since: date | None = None
    until: date | None = None  # inclusive
    street: int | None = None
    category: int | None = None  # a level-2 category
    channel: str = ""


@dataclass(frozen=True)
class Summarised:
    """How a scope reads the summary: which rows, and which groupings they answer."""

    rows: Q
    keys: dict
    streets: bool  # the rows carry the street, so the dashboard's street filter applies


@dataclass(frozen=True)
class Owners:
    """A jurisdiction in the terms the summary and the snapshots are kept in: whole
    districts and streets, or one department."""

    regions: tuple[Region, ...] = ()
    department: int | None = None

    def outer_regions(self) -> list[int]:
        """The regions without one inside another (a district already counts its streets)."""
        return sorted({r.pk for r in self.regions if not any(
            o.pk != r.pk and r.path.startswith(o.path) for o in self.regions)})


def owners_of(user: User) -> Owners | None:
    """The user's jurisdiction as Owners; None when it is not made of whole districts and
    streets or one department (communities, grids, citizens, or a department mixed with
    other scopes, whose cases would be counted twice)."""
    if not user.is_authenticated or not user.is_active:
        return None
    regions, departments = [], set()
    for m in memberships_of(user):
        if not role_has(m.role, VIEW):
            continue
        if m.department_id:
            departments.add(m.department_id)
        elif m.region is None or m.region.level not in SUMMARY_LEVELS:
            return None
        else:
            regions.append(m.region)
    if not departments:
        return Owners(regions=tuple(regions))
    if len(departments) == 1 and not regions:
        return Owners(department=departments.pop())
    return None


def summary_scope(user: User) -> Summarised | None:
    """The summary rows equal to the user's jurisdiction: the region rows of their districts
    and streets, or their department's rows; None when the summary cannot express it."""
    owners = owners_of(user)
    if owners is None:
        return None
    if owners.department is not None:
        return Summarised(Q(department_id=owners.department), DEPARTMENT_KEYS, streets=False)
    rows = Q(pk__in=[])
    for region in owners.regions:
        rows |= Q(**{SUMMARY_LEVELS[Level(region.level)]: region.pk})
    return Summarised(rows, SUMMARY_KEYS, streets=True)


def visible(user: User) -> QuerySet[Case]:
    return jurisdiction_filter(Case.objects.all(), user)


@dataclass(frozen=True)
class Audience:
    """Whose cases an analysis counts: a user's (through the jurisdiction filter), or every
    case of one district or street (the worker's snapshots, snapshots.py)."""

    cases: QuerySet[Case]
    summary: Summarised | None  # the same scope on CaseDailyStat, if it can express it

    @classmethod
    def of(cls, user: User) -> Audience:
        return cls(visible(user), summary_scope(user))

    @classmethod
    def department(cls, department: int, since: datetime) -> Audience:
        """The cases a department leads or co-handles reported since `since` (the worker's
        department snapshots, whose analyses look back no further). The co-handled ids are
        read first: an OR over a join or a subquery cannot use the indexes."""
        co = list(Case.co_departments.through.objects.filter(
            department_id=department, case__created_at__gte=since)
            .values_list("case_id", flat=True))
        cases = Case.objects.filter(Q(lead_department_id=department) | Q(pk__in=co),
                                    created_at__gte=since)
        return cls(cases, Summarised(Q(department_id=department), DEPARTMENT_KEYS,
                                     streets=False))

    @classmethod
    def region(cls, region: Region) -> Audience:
        column = SUMMARY_LEVELS[Level(region.level)]
        return cls(Case.objects.filter(**{column: region.pk}),
                   Summarised(Q(**{column: region.pk}), SUMMARY_KEYS, streets=True))


# Group keys the summary answers, and the split each one reads. Street and day totals are
# read from the channel split: every case has exactly one channel, so it counts every case.
SUMMARY_KEYS = {
    ("channel",): (Dimension.CHANNEL, "value"),
    ("status",): (Dimension.STATUS, "value"),
    ("cat2",): (Dimension.CATEGORY, "value"),
    ("lead_department_id",): (Dimension.UNIT, "value"),
    ("street_id",): (Dimension.CHANNEL, "street_id"),
    ("day",): (Dimension.CHANNEL, "day"),
    ("street_id", "cat2"): (Dimension.CATEGORY, "street_id", "value"),
    (): (Dimension.CHANNEL,),
}
# A department's rows have no street column: the street is a split of its own, and the
# street × category crossing (rising warnings) comes from the live table.
DEPARTMENT_KEYS = {**{k: v for k, v in SUMMARY_KEYS.items() if "street_id" not in k},
                   ("street_id",): (Dimension.STREET, "value")}
INT_KEYS = {"cat2", "lead_department_id"}


class Source:
    """Grouped counters over the user's cases. Group keys: day, street_id, cat2, channel,
    status, lead_department_id (the combinations in SUMMARY_KEYS come from the summary)."""

    def __init__(self, audience: Audience) -> None:
        self.cases = audience.cases
        self.scope = audience.summary

    @property
    def summarised(self) -> bool:
        return self.scope is not None

    def _from_summary(self, group: tuple[str, ...], filters: Filters) -> bool:
        # A category or channel filter crosses two splits: only the live table knows.
        return (self.scope is not None and group in self.scope.keys
                and not filters.category and not filters.channel
                and (self.scope.streets or not filters.street))

    def rows(self, group: tuple[str, ...], filters: Filters) -> list[dict]:
        if self._from_summary(group, filters):
            return self._summary_rows(group, filters)
        live = self.cases.filter(COUNTED).order_by()
        if filters.since:
            live = live.filter(created_at__gte=day_start(filters.since))
        if filters.until:
            live = live.filter(created_at__lt=day_start(filters.until + timedelta(days=1)))
        live = live.annotate(cat2=level2_category())
        if "day" in group:
            live = live.annotate(day=TruncDate("created_at"))
        live = narrow(live, Filters(street=filters.street, category=filters.category,
                                     channel=filters.channel), day="day", cat="cat2")
        if not group:
            return [live.aggregate(**CASE_COUNTERS)]
        return list(live.values(*group).annotate(**CASE_COUNTERS))

    def _summary_rows(self, group: tuple[str, ...], filters: Filters) -> list[dict]:
        assert self.scope is not None
        dimension, *columns = self.scope.keys[group]
        qs = narrow(CaseDailyStat.objects.filter(self.scope.rows, dimension=dimension),
                     filters, day="day", cat="value")
        if not columns:
            return [qs.aggregate(**STAT_COUNTERS)]
        out = []
        for row in qs.order_by().values(*columns).annotate(**STAT_COUNTERS):
            for key, column in zip(group, columns, strict=True):
                value = row.pop(column) if column != key else row[key]
                if key in INT_KEYS or (key == "street_id" and value is not None):
                    value = int(value) if value not in ("", None) else None
                elif value == "":
                    value = None
                row[key] = value
            out.append(row)
        return out

    def totals(self, filters: Filters) -> dict:
        return self.rows((), filters)[0]


def narrow(qs: QuerySet, f: Filters, *, day: str, cat: str) -> QuerySet:
    if f.since:
        qs = qs.filter(**{f"{day}__gte": f.since})
    if f.until:
        qs = qs.filter(**{f"{day}__lte": f.until})
    if f.street:
        qs = qs.filter(street_id=f.street)
    if f.category:
        qs = qs.filter(**{cat: f.category})
    if f.channel:
        qs = qs.filter(channel=f.channel)
    return qs
