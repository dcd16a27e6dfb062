"""Maintain CaseDailyStat: rebuild the rows of the days whose cases changed.

Every change to a case appends a CaseEvent (全程留痕), so the events after the last mark
name exactly the cases — and through their intake day, the summary days — that are stale.
The worker calls `refresh_dirty` every round; `rebuild` recomputes everything (after a bulk
load, or to repair). A day's rows are replaced in one transaction, so readers never see a
half-built day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta

from django.db import connection, transaction
from django.db.models import Case as When_
from django.db.models import F, Max, Min, Q, QuerySet, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from tongxin.cases.models import Case, CaseEvent

from .metrics import CASE_COUNTERS, COUNTED, zero
from .models import CaseDailyStat, Dimension, RefreshMark

MARK = "case_daily"
# The case field (or annotation) behind each dimension of the summary.
SPLITS = {Dimension.CHANNEL: "channel", Dimension.STATUS: "status", Dimension.CATEGORY: "cat2",
          Dimension.UNIT: "lead_department_id"}
# Department rows split by the street too: a department's cases lie all over the district.
DEPARTMENT_SPLITS = {**SPLITS, Dimension.STREET: "street_id"}
# Days rebuilt per statement: bounded memory even for a busy city.
CHUNK_DAYS = 31
STAT_COLUMNS = ("day", "district_id", "street_id", "department_id", "dimension", "value",
                *CASE_COUNTERS)


def level2_category():
    """The case's category rolled up to level 2 (三级 → its 二级 parent)."""
    return When_(When(category__level=3, then=F("category__parent_id")),
                 default=F("category_id"))


def day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _annotated(cases: QuerySet[Case]) -> QuerySet:
    return cases.order_by().annotate(day=TruncDate("created_at"), cat2=level2_category())


def grouped(cases: QuerySet[Case], fields: tuple[str, ...]) -> QuerySet:
    """Region rows: per day, district and street."""
    return _annotated(cases).values("day", "district_id", "street_id", *fields).annotate(
        **CASE_COUNTERS)


def department_grouped(cases: QuerySet[Case], fields: tuple[str, ...]) -> list[QuerySet]:
    """Department rows: per day and department, the cases it leads, then those it
    co-handles without leading. The two sets are disjoint, so a case counts once for each
    department that may see it, as the jurisdiction filter shows it."""
    lead = (_annotated(cases).filter(lead_department_id__isnull=False)
            .annotate(dept=F("lead_department_id")))
    co = (_annotated(cases).annotate(dept=F("co_departments")).filter(dept__isnull=False)
          .filter(Q(lead_department_id__isnull=True) | ~Q(dept=F("lead_department_id"))))
    return [qs.values("day", "dept", *fields).annotate(**CASE_COUNTERS) for qs in (lead, co)]


def _window(days: list[date]) -> QuerySet[Case]:
    """The counted cases reported on `days` (sorted), one time range per run of consecutive
    days: a case changed today and one from two years ago must not mean reading the two
    years between them."""
    runs: list[list[date]] = []
    for day in days:
        if runs and day == runs[-1][1] + timedelta(days=1):
            runs[-1][1] = day
        else:
            runs.append([day, day])
    ranges = Q(pk__in=[])
    for first, last in runs:
        ranges |= Q(created_at__gte=day_start(first),
                    created_at__lt=day_start(last + timedelta(days=1)))
    return Case.objects.filter(ranges, COUNTED)


# ---------------------------------------------------------------- PostgreSQL: in the server


def _insert_pg(days: list[date]) -> int:
    """Group and insert in one statement per split: no row travels through Python."""
    cases, written = _window(days), 0
    plans = [(dimension, field, grouped(cases, (field,)), "g.district_id, g.street_id, NULL")
             for dimension, field in SPLITS.items()]
    plans += [(dimension, field, qs, "NULL, NULL, g.dept")
              for dimension, field in DEPARTMENT_SPLITS.items()
              for qs in department_grouped(cases, (field,))]
    counters = ", ".join(f'g."{name}"' for name in CASE_COUNTERS)
    with connection.cursor() as cursor:
        for dimension, field, qs, owner in plans:
            sql, params = qs.query.sql_with_params()
            cursor.execute(
                f'INSERT INTO "{CaseDailyStat._meta.db_table}" ({", ".join(STAT_COLUMNS)}) '
                f"SELECT g.day, {owner}, %s, COALESCE(g.\"{field}\"::text, ''), {counters} "
                f"FROM ({sql}) g WHERE g.day = ANY(%s)",
                (dimension.value, *params, days))
            written += cursor.rowcount
    return written


# ---------------------------------------------------------------- elsewhere: through Python


def _split_rows(cases: QuerySet[Case]) -> Iterator[tuple[tuple, dict]]:
    """(day, district, street, department, dimension, value) keys with their counters. On
    SQLite the local day is a Python function per row, so one grouping by all fields,
    folded here, costs a fraction of a pass per split."""
    for row in grouped(cases, tuple(SPLITS.values())):
        for dimension, field in SPLITS.items():
            yield _key(row, None, dimension, field), row
    for qs in department_grouped(cases, tuple(DEPARTMENT_SPLITS.values())):
        for row in qs:
            for dimension, field in DEPARTMENT_SPLITS.items():
                yield _key(row, row["dept"], dimension, field), row


def _key(row: dict, department: int | None, dimension: str, field: str) -> tuple:
    value = "" if row[field] is None else str(row[field])
    if department is not None:
        return row["day"], None, None, department, dimension, value
    return row["day"], row["district_id"], row["street_id"], None, dimension, value


def _rows(days: list[date]) -> list[CaseDailyStat]:
    wanted = set(days)
    totals: dict[tuple, dict] = defaultdict(zero)
    for key, row in _split_rows(_window(days)):
        if key[0] in wanted:
            into = totals[key]
            for name in CASE_COUNTERS:
                into[name] += row[name]
    return [
        CaseDailyStat(day=day, district_id=district, street_id=street, department_id=dept,
                      dimension=dimension, value=value, **counters)
        for (day, district, street, dept, dimension, value), counters in totals.items()
    ]


def refresh_days(days: Iterable[date], chunk: int = CHUNK_DAYS) -> int:
    """Replace the summary rows of `days`; returns how many rows were written."""
    ordered = sorted(set(days))
    written = 0
    for i in range(0, len(ordered), chunk):
        days_now = ordered[i:i + chunk]
        with transaction.atomic():
            CaseDailyStat.objects.filter(day__in=days_now).delete()
            if connection.vendor == "postgresql":
                written += _insert_pg(days_now)
                continue
            rows = _rows(days_now)
            CaseDailyStat.objects.bulk_create(rows, batch_size=2000)
        written += len(rows)
    return written


def rebuild() -> int:
    """Recompute the whole summary from the case table; marks every event as folded in."""
    span = Case.objects.aggregate(first=Min("created_at"), last=Max("created_at"))
    last_event = CaseEvent.objects.aggregate(m=Max("id"))["m"] or 0
    CaseDailyStat.objects.all().delete()
    written = 0
    if span["first"] is not None:
        first = timezone.localdate(span["first"])
        count = (timezone.localdate(span["last"]) - first).days + 1
        # A quarter per statement: fewer, longer scans for the whole table.
        written = refresh_days((first + timedelta(days=n) for n in range(count)), chunk=92)
    RefreshMark.objects.update_or_create(
        name=MARK, defaults={"last_event_id": last_event, "refreshed_at": timezone.now()})
    return written


def refresh_dirty() -> dict[str, int]:
    """Fold in the cases changed since the last mark. Safe with several workers: the mark
    row is locked for the duration, so a second worker waits and then finds nothing new."""
    with transaction.atomic():
        mark, _created = RefreshMark.objects.select_for_update().get_or_create(name=MARK)
        upto = CaseEvent.objects.aggregate(m=Max("id"))["m"] or 0
        if upto <= mark.last_event_id:
            return {"days": 0, "rows": 0}
        days = set(
            Case.objects.filter(events__id__gt=mark.last_event_id, events__id__lte=upto)
            .order_by().annotate(day=TruncDate("created_at"))
            .values_list("day", flat=True).distinct()
        )
        rows = refresh_days(days) if days else 0
        mark.last_event_id, mark.refreshed_at = upto, timezone.now()
        mark.save(update_fields=["last_event_id", "refreshed_at"])
    return {"days": len(days), "rows": rows}
