"""Import of base data from what districts already have: Excel or CSV, one kind per file.

The file is read whole before anything is stored (a file broken halfway stores nothing);
every row is then checked on its own and each problem reported as row, field, reason. A row
with a problem stores nothing of itself. Rows are stored in batches keyed by each kind's own
identity (the ID number's blind index, the credit code, the component code, the house code),
so a second run of the same file creates nothing, and a row that names a stored object but
disagrees with it (another name, another grid) is reported as a conflict, not overwritten.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from shapely.errors import GEOSException
from shapely.geometry import shape

from tongxin.core.errors import ValidationFailed
from tongxin.intake.importer import (
    ImportFileError,
    Problem,
    Table,
    cell_text,
    norm_header,
    read_table,
    write_report,
)
from tongxin.org.models import Department
from tongxin.regions.models import Level, Region

from . import identity
from .models import (
    Building,
    Component,
    ComponentState,
    Compound,
    Enrollment,
    House,
    Household,
    HouseUse,
    Organisation,
    Person,
    Place,
    PlaceKind,
    Residence,
    Tag,
)
from .services import NewPerson, person_from, place

BATCH = 2000
HEAD = "户主"


class RowProblem(Exception):
    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column, self.reason = column, reason


@dataclass
class Summary:
    total: int = 0
    created: int = 0
    skipped: int = 0  # stored before, or twice in this file
    failed: int = 0
    conflicts: int = 0
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Prepared:
    row: int
    obj: Any  # an unsaved row of the kind's model
    extra: dict[str, Any] = field(default_factory=dict)


class Lookups:
    """Grids, tags, houses and departments by their codes or names, loaded once per import."""

    def __init__(self) -> None:
        self.grids = {r.code: r for r in Region.objects.filter(level=Level.GRID)
                      .defer("geometry")}
        self.tags = {t.name: t for t in Tag.objects.all()}
        self.departments = {d.name: d for d in Department.objects.all()}
        self._ids: dict[str, dict[str, int]] = {}

    def _id(self, model: Any, field: str, value: str) -> int | None:
        """The stored object's id by its code or name, the table read on first use."""
        if model.__name__ not in self._ids:
            self._ids[model.__name__] = dict(model.objects.values_list(field, "pk"))
        return self._ids[model.__name__].get(value)

    def house(self, code: str) -> int | None:
        return self._id(House, "code", code)

    def building(self, code: str) -> int | None:
        return self._id(Building, "code", code)

    def compound(self, name: str) -> int | None:
        return self._id(Compound, "name", name)


@dataclass(frozen=True)
class Kind:
    name: str
    model: Any  # the Django model class
    key: str  # the model field that is the object's identity
    key_column: str  # the column it comes from, named in a duplicate's report row
    columns: dict[str, tuple[str, ...]]  # field → accepted headers (the first is the template's)
    required: tuple[str, ...]
    parse: Callable[[dict[str, str], Lookups], tuple[models.Model, dict[str, Any]]]
    compare: tuple[str, ...] = ()  # fields whose disagreement with a stored row is a conflict
    after: Callable[[list[Prepared]], None] | None = None


# ---------------------------------------------------------------- shared cell readers


def _grid(values: dict[str, str], lookups: Lookups) -> Region | None:
    code = values.get("grid", "")
    if not code:
        return None
    if code not in lookups.grids:
        raise RowProblem("grid", _("Unknown grid code %(code)s.") % {"code": code})
    return lookups.grids[code]


def _point(values: dict[str, str]) -> tuple[float | None, float | None]:
    lat, lng = values.get("lat", ""), values.get("lng", "")
    if not lat and not lng:
        return None, None
    try:
        la, ln = float(lat), float(lng)
    except ValueError:
        raise RowProblem("lat", _("Latitude and longitude must both be numbers.")) from None
    if not (-90 <= la <= 90 and -180 <= ln <= 180):
        raise RowProblem("lat", _("The point is outside the earth's coordinates."))
    return la, ln


def _placed(values: dict[str, str], lookups: Lookups) -> tuple[Region, float | None, float | None]:
    lat, lng = _point(values)
    try:
        return place(grid=_grid(values, lookups), lat=lat, lng=lng), lat, lng
    except ValidationFailed as exc:
        raise RowProblem("grid", str(exc)) from None


def _choice(value: str, words: Mapping[str, str], column: str, default: str) -> str:
    if not value:
        return default
    if value in words:
        return words[value]
    raise RowProblem(column, _("Unknown value %(value)s; use one of %(choices)s.")
                     % {"value": value, "choices": "、".join(words)})


def _checked(column: str, check: Callable[[str], Any], value: str) -> Any:
    try:
        return check(value)
    except ValidationFailed as exc:
        raise RowProblem(column, str(exc)) from None


# ---------------------------------------------------------------- people

RESIDENCE_WORDS = {"户籍": Residence.REGISTERED, "户籍人口": Residence.REGISTERED,
                   "流动": Residence.FLOATING, "流动人口": Residence.FLOATING,
                   "境外": Residence.OVERSEAS, "境外人员": Residence.OVERSEAS}


def _tags(text: str, lookups: Lookups) -> list[tuple[Tag, int]]:
    """``严重精神障碍:3,独居老人`` → [(tag, grade), …]."""
    found = []
    for item in filter(None, (p.strip() for p in text.replace("，", ",").split(","))):
        name, _sep, grade_text = item.replace("：", ":").partition(":")
        tag = lookups.tags.get(name.strip())
        if tag is None:
            raise RowProblem("tags", _("Unknown tag %(name)s.") % {"name": name})
        grade = int(grade_text) if grade_text.strip().isdigit() else 0
        if grade > tag.max_grade:
            raise RowProblem("tags", _("Grade %(grade)s is outside 0–%(top)s for %(name)s.")
                             % {"grade": grade, "top": tag.max_grade, "name": name})
        found.append((tag, grade))
    return found


def _person(values: dict[str, str], lookups: Lookups) -> tuple[models.Model, dict[str, Any]]:
    grid = _grid(values, lookups)
    if grid is None:
        raise RowProblem("grid", _("A grid code is required."))
    if not values.get("name"):
        raise RowProblem("name", _("A name is required."))
    house_code = values.get("house", "")
    house_id = lookups.house(house_code) if house_code else None
    if house_code and house_id is None:
        raise RowProblem("house", _("Unknown house code %(code)s.") % {"code": house_code})
    new = NewPerson(
        name=values["name"], id_number=values.get("id_number", ""), grid=grid,
        phone=values.get("phone", ""), address=values.get("address", ""),
        relation=values.get("relation", ""),
        residence=_choice(values.get("residence", ""), RESIDENCE_WORDS, "residence",
                          Residence.REGISTERED))
    try:
        person = person_from(new, at=timezone.now())
    except ValidationFailed as exc:
        raise RowProblem("id_number", str(exc)) from None
    person.house_id = house_id
    return person, {"tags": _tags(values.get("tags", ""), lookups)}


def _people_after(batch: list[Prepared]) -> None:
    """Households per house (the 户主 row heads it) and enrolments for the tags."""
    now = timezone.now()
    people: list[Person] = [p.obj for p in batch]
    houses = {p.house_id for p in people if p.house_id}
    households = {h.house_id: h for h in Household.objects.filter(house_id__in=houses)}
    missing = [Household(house_id=h, grid_id=next(p.grid_id for p in people if p.house_id == h))
               for h in houses if h not in households]
    for h in Household.objects.bulk_create(missing):
        households[h.house_id] = h
    heads = []
    for p in people:
        if p.house_id:
            p.household = households[p.house_id]
            if p.relation == HEAD:
                p.household.head_id = p.pk
                heads.append(p.household)
    Person.objects.bulk_update([p for p in people if p.house_id], ["household"])
    Household.objects.bulk_update(heads, ["head"])
    Enrollment.objects.bulk_create([
        Enrollment(person_id=p.obj.pk, tag=tag, grade=grade, since=now,
                   next_visit_due=now + timedelta(days=tag.interval(grade)))
        for p in batch for tag, grade in p.extra["tags"]], ignore_conflicts=True)


PEOPLE = Kind(
    name="people", model=Person, key="id_index", key_column="id_number",
    columns={"name": ("姓名", "name"), "id_number": ("公民身份号码", "身份证号", "身份证号码",
                                                     "id_number"),
             "grid": ("网格编码", "网格", "grid"), "phone": ("联系电话", "电话", "phone"),
             "address": ("地址", "address"), "house": ("房屋编号", "house"),
             "relation": ("与户主关系", "relation"), "tags": ("标签", "tags"),
             "residence": ("人口类型", "residence")},
    required=("name", "id_number", "grid"), parse=_person, compare=("name", "grid_id"),
    after=_people_after,
)

# ---------------------------------------------------------------- compounds, buildings, houses …


def _named(values: dict[str, str], column: str, find: Callable[[str], int | None],
           unknown: str) -> int | None:
    """The id of the stored object a cell names (a compound, a building), None if empty."""
    if not (value := values.get(column, "")):
        return None
    if (found := find(value)) is None:
        raise RowProblem(column, unknown % {"v": value})
    return found


def _boundary(values: dict[str, str]) -> dict | None:
    """A compound's boundary cell: a GeoJSON polygon (WGS-84), checked by shapely."""
    if not (text := values.get("geometry", "")):
        return None
    try:
        geometry = json.loads(text)
        polygon = shape(geometry)
    except (ValueError, TypeError, AttributeError, KeyError, GEOSException):
        raise RowProblem("geometry", _("The boundary is not GeoJSON.")) from None
    if polygon.geom_type not in ("Polygon", "MultiPolygon") or not polygon.is_valid:
        raise RowProblem("geometry", _("The boundary must be a valid polygon."))
    return geometry


def _compound(values: dict[str, str], lookups: Lookups) -> tuple[models.Model, dict]:
    if not values.get("name"):
        raise RowProblem("name", _("A name is required."))
    geometry = _boundary(values)
    if geometry is not None and not values.get("lat"):
        # No point given: the compound is placed by its boundary's inner point.
        inner = shape(geometry).representative_point()
        values = {**values, "lat": str(inner.y), "lng": str(inner.x)}
    grid, lat, lng = _placed(values, lookups)
    return Compound(name=values["name"], grid=grid, lat=lat, lng=lng, geometry=geometry,
                    property_company=values.get("property", ""),
                    last_verified_at=timezone.now()), {}


def _building(values: dict[str, str], lookups: Lookups) -> tuple[models.Model, dict]:
    if not (code := values.get("code", "")):
        raise RowProblem("code", _("A building code is required."))
    compound = _named(values, "compound", lookups.compound, _("Unknown compound %(v)s."))
    grid, lat, lng = _placed(values, lookups)
    return Building(code=code, name=values.get("name", "") or code, compound_id=compound,
                    grid=grid, lat=lat, lng=lng, address=values.get("address", ""),
                    last_verified_at=timezone.now()), {}


USE_WORDS = {"自住": HouseUse.OWNER, "出租": HouseUse.RENTED, "空置": HouseUse.VACANT,
             "经营": HouseUse.BUSINESS}


def _house(values: dict[str, str], lookups: Lookups) -> tuple[models.Model, dict[str, Any]]:
    code = values.get("code", "")
    if not code:
        raise RowProblem("code", _("A house code is required."))
    grid, lat, lng = _placed(values, lookups)
    area = None
    if values.get("area"):
        try:
            area = Decimal(values["area"])
        except InvalidOperation:
            raise RowProblem("area", _("The area must be a number.")) from None
    building = _named(values, "building", lookups.building, _("Unknown building code %(v)s."))
    return House(code=code, grid=grid, lat=lat, lng=lng, room=values.get("room", ""),
                 building_id=building,
                 use=_choice(values.get("use", ""), USE_WORDS, "use", HouseUse.OWNER),
                 area_m2=area, owner_name=values.get("owner", ""),
                 last_verified_at=timezone.now()), {}


def _organisation(values: dict[str, str], lookups: Lookups) -> tuple[models.Model, dict]:
    if not values.get("name"):
        raise RowProblem("name", _("A name is required."))
    code = _checked("credit_code", identity.credit_code, values.get("credit_code", ""))
    grid, lat, lng = _placed(values, lookups)
    employees = values.get("employees", "")
    if employees and not employees.isdigit():
        raise RowProblem("employees", _("The number of employees must be a whole number."))
    return Organisation(
        name=values["name"], credit_code=code, grid=grid, lat=lat, lng=lng,
        kind=values.get("kind", ""), legal_representative=values.get("legal", ""),
        address=values.get("address", ""), employees=int(employees) if employees else None,
        key_unit=values.get("key_unit", "") in ("是", "Y", "y", "1", "true"),
        last_verified_at=timezone.now()), {}


PLACE_WORDS = {"九小场所": PlaceKind.NINE_SMALL, "学校": PlaceKind.SCHOOL,
               "市场": PlaceKind.MARKET, "工地": PlaceKind.SITE, "其他": PlaceKind.OTHER}


def _place(values: dict[str, str], lookups: Lookups) -> tuple[models.Model, dict]:
    if not values.get("name"):
        raise RowProblem("name", _("A name is required."))
    grid, lat, lng = _placed(values, lookups)
    days = values.get("cycle", "") or "30"
    if not days.isdigit() or not 1 <= int(days) <= 366:
        raise RowProblem("cycle", _("The inspection cycle is a number of days (1–366)."))
    return Place(name=values["name"], grid=grid, lat=lat, lng=lng,
                 kind=_choice(values.get("kind", ""), PLACE_WORDS, "kind", PlaceKind.OTHER),
                 address=values.get("address", ""), inspection_days=int(days),
                 last_verified_at=timezone.now()), {}


STATE_WORDS = {"正常": ComponentState.NORMAL, "损坏": ComponentState.DAMAGED,
               "丢失": ComponentState.MISSING, "移除": ComponentState.REMOVED}


def _component(values: dict[str, str], lookups: Lookups) -> tuple[models.Model, dict]:
    code = _checked("code", identity.component_code, values.get("code", ""))
    grid, lat, lng = _placed(values, lookups)
    department = None
    if name := values.get("department", ""):
        if name not in lookups.departments:
            raise RowProblem("department", _("Unknown department %(name)s.") % {"name": name})
        department = lookups.departments[name]
    return Component(code=code, name=values.get("name", "") or code, grid=grid, lat=lat,
                     lng=lng, department=department,
                     state=_choice(values.get("state", ""), STATE_WORDS, "state",
                                   ComponentState.NORMAL),
                     last_verified_at=timezone.now()), {}


GRID_AND_POINT = {"grid": ("网格编码", "网格", "grid"), "lat": ("纬度", "lat"),
                  "lng": ("经度", "lng")}
KINDS = {k.name: k for k in (
    PEOPLE,
    Kind(name="compounds", model=Compound, key="name", key_column="name",
         columns={"name": ("小区名称", "小区", "院落", "name"), **GRID_AND_POINT,
                  "property": ("物业公司", "property_company"),
                  "geometry": ("边界GeoJSON", "边界", "geometry")},
         required=("name",), parse=_compound, compare=("grid_id",)),
    Kind(name="buildings", model=Building, key="code", key_column="code",
         columns={"code": ("楼栋编号", "code"), "name": ("楼栋名称", "name"),
                  "compound": ("所属小区", "小区名称", "compound"), **GRID_AND_POINT,
                  "address": ("地址", "address")},
         required=("code",), parse=_building, compare=("grid_id", "compound_id")),
    Kind(name="houses", model=House, key="code", key_column="code",
         columns={"code": ("房屋编号", "code"), "building": ("楼栋编号", "building"),
                  **GRID_AND_POINT, "room": ("房间号", "room"),
                  "use": ("房屋用途", "用途", "use"), "area": ("面积", "area"),
                  "owner": ("房主", "owner")},
         required=("code",), parse=_house, compare=("grid_id",)),
    Kind(name="organisations", model=Organisation, key="credit_code", key_column="credit_code",
         columns={"name": ("单位名称", "name"), "credit_code": ("统一社会信用代码", "credit_code"),
                  **GRID_AND_POINT, "kind": ("单位类型", "kind"),
                  "legal": ("法定代表人", "legal_representative"), "address": ("地址", "address"),
                  "employees": ("从业人数", "employees"), "key_unit": ("重点单位", "key_unit")},
         required=("name", "credit_code"), parse=_organisation, compare=("name", "grid_id")),
    Kind(name="places", model=Place, key="name", key_column="name",
         columns={"name": ("场所名称", "name"), "kind": ("场所类型", "kind"), **GRID_AND_POINT,
                  "address": ("地址", "address"), "cycle": ("巡查周期", "inspection_days")},
         required=("name",), parse=_place, compare=("grid_id",)),
    Kind(name="components", model=Component, key="code", key_column="code",
         columns={"code": ("部件编码", "code"), "name": ("部件名称", "name"), **GRID_AND_POINT,
                  "state": ("状态", "state"), "department": ("权属单位", "department")},
         required=("code",), parse=_component, compare=("grid_id",)),
)}


# ---------------------------------------------------------------- the run


def columns_of(kind: Kind, headers: list[str]) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, header in enumerate(headers):
        index.setdefault(norm_header(header), i)
    found = {name: next((index[h] for h in map(norm_header, wanted) if h in index), None)
             for name, wanted in kind.columns.items()}
    missing = [kind.columns[name][0] for name in kind.required if found[name] is None]
    if missing:
        raise ImportFileError(_("Required columns missing: %(names)s.")
                              % {"names": "、".join(missing)})
    return {name: i for name, i in found.items() if i is not None}


def prepare(kind: Kind, table: Table, summary: Summary) -> Iterator[Prepared]:
    columns = columns_of(kind, table.headers)
    lookups = Lookups()
    seen: dict[Any, int] = {}
    for number, cells in table.rows:
        summary.total += 1
        values = {name: cell_text(cells[i]) if i < len(cells) else ""
                  for name, i in columns.items()}
        try:
            obj, extra = kind.parse(values, lookups)
        except RowProblem as problem:
            summary.failed += 1
            summary.problems.append(Problem(number, kind.columns[problem.column][0],
                                            problem.reason))
            continue
        key = getattr(obj, kind.key)
        if key in seen:
            summary.failed += 1
            column = kind.columns[kind.key_column][0]
            summary.problems.append(Problem(number, column, _(
                "The same %(column)s as row %(row)s.") % {"column": column, "row": seen[key]}))
            continue
        seen[key] = number
        yield Prepared(number, obj, extra)


def _chunks(rows: Iterable[Prepared]) -> Iterator[list[Prepared]]:
    chunk: list[Prepared] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == BATCH:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _store(kind: Kind, chunk: list[Prepared], summary: Summary, *, dry_run: bool) -> None:
    keys = [getattr(p.obj, kind.key) for p in chunk]
    stored = {row[kind.key]: row for row in kind.model.objects.filter(
        **{f"{kind.key}__in": keys}).values(kind.key, *kind.compare)}
    new = []
    for p in chunk:
        old = stored.get(getattr(p.obj, kind.key))
        if old is None:
            new.append(p)
            continue
        summary.skipped += 1
        differing = [f for f in kind.compare if old[f] != getattr(p.obj, f)]
        if differing:
            summary.conflicts += 1
            summary.problems.append(Problem(p.row, "conflict", _(
                "Differs from the stored record in: %(fields)s (kept the stored one).")
                % {"fields": ", ".join(differing)}))
    if dry_run or not new:
        summary.created += len(new)
        return
    with transaction.atomic():
        kind.model.objects.bulk_create([p.obj for p in new], batch_size=500)
        if kind.after is not None:
            kind.after(new)
    summary.created += len(new)


def import_rows(*, kind: Kind, table: Table, dry_run: bool = False) -> Summary:
    summary = Summary()
    for chunk in _chunks(prepare(kind, table, summary)):
        _store(kind, chunk, summary, dry_run=dry_run)
    return summary


def import_file(*, kind: str, path: Path, dry_run: bool = False,
                report: Path | None = None) -> Summary:
    if kind not in KINDS:
        raise ImportFileError(_("Unknown kind %(kind)s; use one of %(kinds)s.")
                              % {"kind": kind, "kinds": ", ".join(KINDS)})
    summary = import_rows(kind=KINDS[kind], table=read_table(path), dry_run=dry_run)
    if report is not None:
        write_report(report, summary.problems)
    return summary


def write_template(kind: str, path: Path) -> None:
    from openpyxl import Workbook

    if kind not in KINDS:
        raise ImportFileError(_("Unknown kind %(kind)s; use one of %(kinds)s.")
                              % {"kind": kind, "kinds": ", ".join(KINDS)})
    book = Workbook()
    sheet = book.active
    sheet.title = kind
    spec = KINDS[kind]
    sheet.append([names[0] + ("*" if name in spec.required else "")
                  for name, names in spec.columns.items()])
    book.save(path)
