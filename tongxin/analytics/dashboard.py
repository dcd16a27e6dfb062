"""The dashboard's figures (一屏统揽): intake by channel, the status funnel, the DESIGN.md
rates, top categories and places, unit rankings, overdue cases and recent warnings.

Everything is counted through `scope.Source` (the daily summary, or the live case table for
scopes the summary cannot express) except the overdue list, which is a live indexed query.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.db import connection
from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongxin.accounts.models import User
from tongxin.cases.conditions import URGENT_ADJUDICATING
from tongxin.cases.models import Case, Channel, Status, Warning
from tongxin.mediation.selectors import summary as mediation_summary
from tongxin.org.models import Category, Department
from tongxin.regions.models import Region
from tongxin.scoring import scores
from tongxin.sensing.selectors import summary as device_summary

from . import metrics
from .scope import Audience, Filters, Source, narrow, visible
from .stats import day_start, level2_category
from .warnings import early_warnings

PERIODS = ("today", "week", "month", "year")
TOP = 10


def period_start(period: str, today: date) -> date:
    if period == "today":
        return today
    if period == "week":
        return today - timedelta(days=today.weekday())
    if period == "year":
        return today.replace(month=1, day=1)
    return today.replace(day=1)


def figures(counters: dict) -> dict:
    clean = {name: int(counters.get(name) or 0) for name in metrics.COUNTER_NAMES}
    return {**clean, **metrics.rates(clean)}


def _named(rows: list[dict], key: str, names: dict) -> list[dict]:
    return [{"id": r[key], "name": str(names.get(r[key], "—")), **figures(r)} for r in rows]


def intake_by_channel(source: Source, base: Filters, today: date) -> list[dict]:
    month = source.rows(("channel",), _with(base, since=today.replace(day=1), until=today))
    day = {r["channel"]: r["received"] for r in
           source.rows(("channel",), _with(base, since=today, until=today))}
    by_month = {r["channel"]: r["received"] for r in month}
    return [{"channel": value, "name": str(label), "today": day.get(value, 0),
             "month": by_month.get(value, 0)} for value, label in Channel.choices
            if by_month.get(value) or day.get(value)]


def status_counts(source: Source, filters: Filters) -> list[dict]:
    counts = {r["status"]: r["received"] for r in source.rows(("status",), filters)}
    return [{"status": value, "name": str(label), "count": counts.get(value, 0)}
            for value, label in Status.choices]


def funnel(totals: dict, filters: Filters) -> list[dict]:
    """受理 → 立案 → 办结 → 评价 → 满意: the period's cohort (cases received in it) followed
    through its stages, each inside the one before (cases.conditions.FUNNEL_STAGES); every
    stage links to the case list showing exactly its cases."""
    labels = {"received": _("Received (受理)"), "registered": _("Registered (立案)"),
              "closed": _("Closed (办结)"), "rated": _("Rated (评价)"),
              "satisfied": _("Satisfied (满意)")}
    query = {"queue": "all", "date_from": filters.since, "date_to": filters.until}
    out = []
    for stage, counter in metrics.FUNNEL.items():
        link = urlencode({**query, "stage": stage})
        out.append({"key": stage, "name": str(labels[stage]),
                    "count": int(totals.get(counter) or 0),
                    "url": f"{reverse('workbench:cases')}?{link}"})
    return out


def cohort_label(filters: Filters) -> str:
    """What every figure of the page counts: the cases received in the period (as of now)."""
    assert filters.since is not None and filters.until is not None
    return _("Cases received %(since)s – %(until)s, as they stand now") % {
        "since": filters.since.isoformat(), "until": filters.until.isoformat()}


def top(source: Source, filters: Filters, key: str, names: dict, limit: int = TOP) -> list[dict]:
    rows = [r for r in source.rows((key,), filters) if r[key] is not None]
    rows.sort(key=lambda r: -r["received"])
    return _named(rows[:limit], key, names)


def unit_ranking(cases: QuerySet[Case], filters: Filters, now: datetime) -> list[dict]:
    """承办单位排名 exactly as the scores page ranks (tongxin.scoring.scores): the same cohort,
    metric definitions, weights and order, over the dashboard's period and filters. (It used
    to rank its own way, and only units with five cases closed in the period: none, early in
    a month.)"""
    assert filters.since is not None and filters.until is not None
    narrowed = narrow(cases.annotate(cat2=level2_category()),
                      Filters(street=filters.street, category=filters.category,
                              channel=filters.channel), day="created_at", cat="cat2")
    rows = scores.unit_ranking(narrowed, start=day_start(filters.since),
                               end=day_start(filters.until + timedelta(days=1)), as_of=now,
                               month=filters.since.replace(day=1))[:TOP]
    names = {d.pk: str(d) for d in Department.objects.filter(pk__in=[r["key"] for r in rows])}
    keys = ("received", "closure_rate", "on_time_closure_rate", "satisfaction_rate", "score")
    return [{"id": r["key"], "rank": r["rank"], "name": names.get(r["key"], "—"),
             **{k: r[k] for k in keys}} for r in rows]


def overdue(user: User, limit: int = TOP, *, now: datetime | None = None) -> dict:
    now = now or timezone.now()
    qs = visible(user).filter(metrics.OVERDUE_NOW(now))
    rows = (qs.order_by(_by_deadline())
            .values("pk", "number", "title", "finish_deadline", "street__name",
                    "lead_department__name")[:limit])
    return {"count": qs.count(), "cases": [_late(r, now) for r in rows]}


def urgent_adjudicating(user: User, limit: int = TOP, *, now: datetime | None = None) -> dict:
    """Urgent cases still in adjudication (研判中) with no unit yet, flagged on the dashboard:
    their urgent clock runs there (cases.conditions.URGENT_ADJUDICATING), nearest deadline
    first, each with its warning."""
    now = now or timezone.now()
    qs = visible(user).filter(URGENT_ADJUDICATING)
    rows = (qs.order_by(F("finish_deadline").asc(nulls_last=True), "pk")
            .values("pk", "number", "title", "finish_deadline", "street__name", "warning")
            [:limit])
    return {"count": qs.count(), "cases": [_urgent(r, now) for r in rows]}


def _urgent(row: Mapping[str, Any], now: datetime) -> dict:
    deadline = row["finish_deadline"]
    return {"id": row["pk"], "number": row["number"], "title": row["title"],
            "street": row["street__name"] or "", "warning": row["warning"],
            "warning_label": str(Warning(row["warning"]).label),
            "deadline": deadline.isoformat() if deadline else None,
            "hours_left": round((deadline - now).total_seconds() / 3600, 1) if deadline
            else None,
            "url": reverse("workbench:case", args=[row["pk"]])}


def _by_deadline():
    """PostgreSQL walks the partial index `case_unfinished` in deadline order and stops at
    the tenth. SQLite, with statistics, walks the whole deadline index instead (0.6 s at a
    million cases): ordering by an expression makes it take the (area|unit, status) index
    and sort the few overdue cases (4 ms)."""
    if connection.vendor == "postgresql":
        return F("finish_deadline")
    return Coalesce("finish_deadline", "finish_deadline")


def _late(row: Mapping[str, Any], now: datetime) -> dict:
    return {"id": row["pk"], "number": row["number"], "title": row["title"],
            "street": row["street__name"] or "", "unit": row["lead_department__name"] or "",
            "hours_over": round((now - row["finish_deadline"]).total_seconds() / 3600),
            "url": reverse("workbench:case", args=[row["pk"]])}


def daily_trend(source: Source, base: Filters, today: date, days: int = 30) -> list[dict]:
    since = today - timedelta(days=days - 1)
    rows = {r["day"]: r for r in source.rows(("day",), _with(base, since=since, until=today))}
    out = []
    for n in range(days):
        day = since + timedelta(days=n)
        row = rows.get(day, {})
        # Closed: of the day's registered cases, those closed now (the funnel's 办结), so a
        # day's closures never exceed what was registered that day.
        out.append({"day": day.isoformat(), "received": int(row.get("received") or 0),
                    "closed": int(row.get("closed_registered") or 0)})
    return out


def _with(f: Filters, **changes) -> Filters:
    return replace(f, **changes)


def build(user: User, *, period: str = "month", base: Filters | None = None,
          now: datetime | None = None) -> dict:
    """The dashboard as of `now` (the wall clock unless given): "this month" is now's."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    base = base or Filters()
    filters = _with(base, since=period_start(period, today), until=today)
    source = Source(Audience.of(user))
    totals = source.totals(filters)
    categories = dict(Category.objects.filter(level__lte=2).values_list("pk", "name"))
    streets = dict(Region.objects.filter(level="street").values_list("pk", "name"))
    late = overdue(user, now=now)
    urgent = urgent_adjudicating(user, now=now)
    return {
        "period": period, "since": filters.since.isoformat() if filters.since else None,
        "until": today.isoformat(), "summarised": source.summarised,
        "labels": {k: str(v) for k, v in metrics.LABELS.items()},
        "cohort": cohort_label(filters),
        "bases": metrics.bases(totals),
        "kpis": {**figures(totals), "overdue": late["count"],
                 "urgent_adjudicating": urgent["count"],
                 "today": source.totals(_with(base, since=today, until=today))["received"] or 0},
        "channels": intake_by_channel(source, base, today),
        "statuses": status_counts(source, filters),
        "funnel": funnel(totals, filters),
        "trend": daily_trend(source, base, today),
        "categories": top(source, filters, "cat2", categories),
        "places": top(source, filters, "street_id", streets),
        "units": unit_ranking(source.cases, filters, now),
        "overdue": late["cases"],
        "urgent_adjudicating": urgent["cases"],
        "warnings": early_warnings(user, limit=8, now=now),
        "mediation": mediation_summary(user, since=filters.since),
        "devices": device_summary(user),
        "generated_at": now.isoformat(),
    }
