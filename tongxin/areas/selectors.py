"""Reads of responsibility areas: the list, what holds a point, the nearest patrol unit, and
the scores of segments, chiefs and property companies (cases through the one jurisdiction
filter: a user scores only the cases they may see)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import h3
import numpy as np
import shapely
from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone
from shapely.geometry import mapping

from tongxin.accounts.models import User
from tongxin.cases.models import Case, Channel, Rating, Status, Warning
from tongxin.cases.selectors import visible_cases
from tongxin.fieldapp.models import PatrolPoint

from .geometry import area_shape
from .locator import INDEX, areas_at
from .models import (
    AreaKind,
    PoliceTransfer,
    PoliceUnit,
    ResponsibilityArea,
    UnitStatus,
    sign_minutes,
)

# The estimate of a patrol car's arrival: straight-line distance times the usual detour of a
# city's roads, at an urban patrol speed, plus the minute it takes to set off.
ROAD_FACTOR = 1.3
PATROL_KMH = 30.0
SET_OFF_MIN = 1.0
# A compound is put under supervision (挂牌督办) at this many complaints in the period, or
# when fewer than this share of its rated cases were satisfied.
SUPERVISE_AT = 5
SUPERVISE_BELOW_SATISFIED = 0.6


def areas(*, kind: str = "", on: date | None = None) -> QuerySet[ResponsibilityArea]:
    qs = (ResponsibilityArea.objects.filter(is_active=True).select_related("department")
          .prefetch_related("chiefs", "categories"))
    if kind:
        qs = qs.filter(kind=kind)
    if on is not None:
        qs = qs.filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
    return qs


def areas_containing(lat: float, lng: float, *, on: date) -> list[ResponsibilityArea]:
    ids = [e.area_id for e in areas_at(lat, lng, on=on)]
    found = areas().in_bulk(ids)
    return [found[i] for i in ids if i in found]


def area_dict(area: ResponsibilityArea) -> dict:
    return {
        "code": area.code, "name": area.name, "kind": area.kind,
        "kind_label": str(area.get_kind_display()), "buffer_m": area.buffer_m,
        "department": {"code": area.department.code, "name": str(area.department),
                       "kind": area.department.kind},
        "chiefs": [{"level": c.level, "title": c.title, "name": c.name, "phone": c.phone}
                   for c in area.chiefs.all()],
        "categories": [c.code for c in area.categories.all()],
        "valid_from": area.valid_from.isoformat(),
        "valid_to": area.valid_to.isoformat() if area.valid_to else None,
        "synthetic": area.synthetic,
    }


def area_feature(area: ResponsibilityArea) -> dict:
    """GeoJSON of what the area covers (a road's buffer, not only its line) for the map."""
    return {"type": "Feature", "geometry": mapping(area_shape(area.geometry, area.buffer_m)),
            "properties": area_dict(area)}


def map_areas(box: tuple[float, float, float, float] | None, *, on: date,
              limit: int = 500) -> list[dict]:
    """The map's layer of responsibility areas in the box (a road as its buffer), from the
    in-process index: no geometry is rebuilt per request."""
    index = INDEX.get()
    hits = (sorted(index.tree.query(shapely.box(*box))) if box is not None
            else range(len(index)))
    chosen = [i for i in hits if index.entries[i].holds_on(on)][:limit]
    found = areas().in_bulk([index.entries[i].area_id for i in chosen])
    # The day's track points are many: read them only when a road is on the map.
    roads = any(index.entries[i].kind == AreaKind.ROAD_SEGMENT for i in chosen)
    patrolled = patrol_coverage(on) if roads else {}
    return [{"type": "Feature", "geometry": mapping(index.shapes[i]),
             "properties": {"code": a.code, "name": a.name, "kind": a.kind,
                            "unit": str(a.department), "patrols_today": patrolled.get(a.pk, 0),
                            "chiefs": [f"{c.title or c.get_level_display()} {c.name}"
                                       for c in a.chiefs.all()]}}
            for i in chosen if (a := found.get(index.entries[i].area_id)) is not None]


# 一日双巡: a road is patrolled twice a day.
PATROLS_A_DAY = 2


def patrol_coverage(day: date, *, kind: str = AreaKind.ROAD_SEGMENT) -> dict[int, int]:
    """Area id → how many patrols (field-app GPS tracks) passed through its shape that day.
    An area of `kind` missing from the answer was not patrolled (shown red)."""
    start = timezone.make_aware(datetime.combine(day, time()))
    rows = list(PatrolPoint.objects.filter(at__gte=start, at__lt=start + timedelta(days=1))
                .values_list("patrol_id", "lat", "lng"))
    if not rows:
        return {}
    index = INDEX.get()
    patrols, lats, lngs = (np.array(column) for column in zip(*rows, strict=True))
    point_idx, area_idx = index.containing_many(lats, lngs)
    seen: dict[int, set[int]] = {}
    for p, a in zip(point_idx.tolist(), area_idx.tolist(), strict=True):
        entry = index.entries[a]
        if entry.kind == kind and entry.holds_on(day):
            seen.setdefault(entry.area_id, set()).add(int(patrols[p]))
    return {area: len(ids) for area, ids in seen.items()}


def notice_point(area: ResponsibilityArea) -> tuple[float, float]:
    """(lat, lng) of a point on the area: a report from its notice board starts there."""
    point = area_shape(area.geometry, area.buffer_m).representative_point()
    return point.y, point.x


# ---------------------------------------------------------------- 110


@dataclass(frozen=True)
class Nearby:
    unit: PoliceUnit
    metres: float
    minutes: float


def nearest_units(lat: float, lng: float, *, limit: int = 3) -> list[Nearby]:
    """The nearest available patrol units with their distance and an arrival estimate."""
    rows = []
    for unit in (PoliceUnit.objects.filter(status=UnitStatus.AVAILABLE, lat__isnull=False)
                 .select_related("department")):
        metres = h3.great_circle_distance((lat, lng), (unit.lat, unit.lng), unit="m")
        minutes = SET_OFF_MIN + metres * ROAD_FACTOR / (PATROL_KMH * 1000 / 60)
        rows.append(Nearby(unit, round(metres), round(minutes, 1)))
    return sorted(rows, key=lambda n: n.metres)[:limit]


@dataclass(frozen=True)
class ReturnRate:
    transfers: int
    returned: int
    signed_late: int = 0  # signed for after the limit, or not yet and past it

    @property
    def rate(self) -> float | None:
        return round(self.returned / self.transfers, 4) if self.transfers else None


def return_rate(user: User, *, since: datetime, until: datetime) -> ReturnRate:
    """Share of the 110 transfers received in [since, until) that were returned to 110."""
    qs = PoliceTransfer.objects.filter(case__in=visible_cases(user), received_at__gte=since,
                                       received_at__lt=until)
    limit = timedelta(minutes=sign_minutes())
    late = (Q(signed_at__gt=F("received_at") + limit)
            | Q(signed_at__isnull=True, received_at__lt=timezone.now() - limit))
    counts = qs.aggregate(n=Count("pk"), back=Count("pk", filter=Q(returned_at__isnull=False)),
                          late=Count("pk", filter=late))
    return ReturnRate(counts["n"], counts["back"], counts["late"])


def transfers(user: User, *, limit: int = 50) -> QuerySet[PoliceTransfer]:
    return (PoliceTransfer.objects.filter(case__in=visible_cases(user))
            .select_related("case", "case__lead_department")[:limit])


# ---------------------------------------------------------------- scores


@dataclass(frozen=True)
class Score:
    key: str
    name: str
    cases: int
    closed: int
    on_time: int
    rated: int
    satisfied: int
    returns: int
    failures: int = 0  # not signed for in the area's time (物业未履职)

    @property
    def on_time_rate(self) -> float | None:
        return round(self.on_time / self.closed, 4) if self.closed else None

    @property
    def satisfied_rate(self) -> float | None:
        return round(self.satisfied / self.rated, 4) if self.rated else None

    @property
    def supervise(self) -> bool:
        """挂牌督办: too many complaints, a failure to act, or too few satisfied."""
        rate = self.satisfied_rate
        return (self.cases >= SUPERVISE_AT or self.failures > 0
                or (rate is not None and rate < SUPERVISE_BELOW_SATISFIED))


def scores(user: User, *, by: str, kind: str, since: datetime, until: datetime) -> list[Score]:
    """Per area (`by="area"`), per unit (`"department"`) or per compound (`"compound"`): the
    cases that areas of `kind` brought in the period, their timeliness, rating and returns."""
    field = {"area": "routed_area__area", "department": "routed_area__area__department",
             "compound": "routed_area__area__compound"}[by]
    name = {"area": "routed_area__area__name", "department": "routed_area__area__department__name",
            "compound": "routed_area__area__compound__name"}[by]
    closed = Q(status=Status.CLOSED)
    rows = (visible_cases(user).filter(routed_area__area__kind=kind, created_at__gte=since,
                                       created_at__lt=until, **{f"{field}__isnull": False})
            .values(field, name)
            .annotate(n=Count("pk"), closed=Count("pk", filter=closed),
                      on_time=Count("pk", filter=closed & ~Q(warning=Warning.RED)),
                      rated=Count("pk", filter=~Q(rating="")),
                      satisfied=Count("pk", filter=Q(rating__in=[Rating.SATISFIED,
                                                                Rating.BASICALLY])),
                      returns=Sum("return_count"),
                      failures=Count("pk", filter=Q(routed_area__failed_at__isnull=False)))
            .order_by("-n", name))
    return [Score(str(r[field]), r[name], r["n"], r["closed"], r["on_time"], r["rated"],
                  r["satisfied"], r["returns"] or 0, r["failures"]) for r in rows]


def police_cases(user: User) -> QuerySet[Case]:
    return visible_cases(user).filter(channel=Channel.POLICE)
