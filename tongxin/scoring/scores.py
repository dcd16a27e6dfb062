"""Scores and rankings: configurable weights combine the metrics into a unit score and a
grid-worker score, both 0–100; the reverse evaluation (peer ratings) is one component.

Weights come from settings.TONGXIN_SCORE_WEIGHTS ({"unit": {...}, "grid_worker": {...}});
a component without a value (no case to measure it on) drops out and the others are
re-weighted, so a unit is never punished for a rate it had no cases for.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.db.models import Avg, QuerySet

from tongxin.cases.models import Case
from tongxin.whistle.selectors import missed_by_department

from .metrics import compute
from .models import PeerKind, PeerRating
from .workers import WORKER_FIGURES, worker_figures

DEFAULT_WEIGHTS = {
    "unit": {
        "on_time_acceptance_rate": 15, "closure_rate": 15, "on_time_closure_rate": 20,
        "satisfaction_rate": 30, "rework_rate": 10, "return_rate": 5, "peer": 5,
    },
    "grid_worker": {
        "reports": 25, "on_spot": 15, "verified": 15, "household_visits": 15,
        "patrol_coverage": 15, "peer": 15,
    },
}
# Rates where less is better: the score takes 1 − rate.
INVERTED = frozenset({"rework_rate", "return_rate"})


def weights(kind: str) -> dict[str, float]:
    configured = getattr(settings, "TONGXIN_SCORE_WEIGHTS", {}) or {}
    return {**DEFAULT_WEIGHTS[kind], **configured.get(kind, {})}


def combine(parts: dict[str, float | None], kind: str) -> float | None:
    """Weighted mean of the parts (each 0–1) that have a value, as 0–100."""
    w = weights(kind)
    present = {k: v for k, v in parts.items() if v is not None and w.get(k)}
    total = sum(w[k] for k in present)
    if not total:
        return None
    return round(100 * sum(w[k] * v for k, v in present.items()) / total, 2)


def _peer(kind: str, month: date, field: str) -> dict[int, float]:
    rows = (PeerRating.objects.filter(kind=kind, month=month).values(field)
            .annotate(avg=Avg("score")).order_by())
    return {r[field]: r["avg"] / 5 for r in rows}


def unit_ranking(cases: QuerySet[Case], *, start: datetime, end: datetime, as_of: datetime,
                 month: date) -> list[dict]:
    """Units with their metrics and score, best first."""
    peer = _peer(PeerKind.COMMUNITY_DEPARTMENT, month, "department_id")
    rows = [r for r in compute(cases, start=start, end=end, dimension="unit", as_of=as_of)
            if r["key"] is not None]
    for row in rows:
        parts = {k: (1 - row[k] if k in INVERTED and row[k] is not None else row.get(k))
                 for k in weights("unit") if k != "peer"}
        parts["peer"] = peer.get(row["key"])
        row["peer"], row["score"] = parts["peer"], combine(parts, "unit")
    _deduct_missed_whistles(rows, start, end)
    return _ranked(rows)


def _deduct_missed_whistles(rows: list[dict], start: datetime, end: datetime) -> None:
    """吹哨报到: each call a unit did not acknowledge in time (found in the period) costs it
    TONGXIN_WHISTLE_MISS_POINTS of its score, never below 0."""
    missed = missed_by_department(start, end)
    per_miss = float(getattr(settings, "TONGXIN_WHISTLE_MISS_POINTS", 5))
    for row in rows:
        row["whistle_missed"] = n = missed.get(row["key"], 0)
        if n and row["score"] is not None:
            row["score"] = round(max(0.0, row["score"] - per_miss * n), 2)


def worker_ranking(cases: QuerySet[Case], *, start: datetime, end: datetime,
                   month: date, as_of: datetime | None = None) -> list[dict]:
    """Grid workers with their figures and score, best first. Counts are scored relative to
    the best worker in the same ranking; patrol coverage is already a share."""
    figures = worker_figures(cases, start=start, end=end, as_of=as_of)
    best = {k: max((f[k] for f in figures.values()), default=0) for k in WORKER_FIGURES}
    peer = _peer_of_workers(month)
    rows = []
    for user_id, f in figures.items():
        parts: dict[str, float | None] = {
            k: (f[k] / best[k] if best[k] else None) for k in WORKER_FIGURES
        }
        parts["patrol_coverage"] = f["patrol_coverage"]
        parts["peer"] = peer.get(user_id)
        rows.append({"key": user_id, **f, "peer": parts["peer"],
                     "score": combine(parts, "grid_worker")})
    return _ranked(rows)


def _peer_of_workers(month: date) -> dict[int, float]:
    """党群评网格: residents rate a grid; the rating counts for the grid's workers."""
    from tongxin.accounts.models import Membership, Role

    by_grid = _peer(PeerKind.RESIDENT_GRID, month, "region_id")
    members = Membership.objects.filter(role=Role.GRID_WORKER, region_id__in=list(by_grid))
    return {m.user_id: by_grid[m.region_id] for m in members if m.region_id is not None}


def _ranked(rows: list[dict]) -> list[dict]:
    rows.sort(key=lambda r: (r["score"] is None, -(r["score"] or 0), str(r["key"])))
    for rank, row in enumerate(rows, 1):
        row["rank"] = rank
    return rows
