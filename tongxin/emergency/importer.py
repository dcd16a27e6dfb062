"""Import of emergency resources from Excel or CSV (the row-report pattern of the base-data
importer): teams, experts, shelters, warehouses, stock — one kind per file.

The file is read whole first (a broken file stores nothing); each row is checked on its own
and every problem reported as row, field, reason; a row with a problem stores nothing. A
resource is identified by its name (stock: warehouse name + item code), so importing the same
file again creates nothing (its rows are counted as skipped).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.intake.importer import (
    ImportFileError,
    Problem,
    Summary,
    Table,
    cell_text,
    norm_header,
    read_table,
    write_report,
)

from .models import CatalogueItem, Expert, Shelter, StockItem, Team, Warehouse


class RowProblem(Exception):
    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column, self.reason = column, reason


def _text(values: dict[str, str], name: str, header: str, *, required: bool = True) -> str:
    value = values.get(name, "").strip()
    if required and not value:
        raise RowProblem(header, _("Required."))
    return value


def _number(values: dict[str, str], name: str, header: str, *, low: float, high: float,
            required: bool = True, whole: bool = False) -> Any:
    raw = values.get(name, "").strip()
    if not raw and not required:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise RowProblem(header, _("Not a number: %(value)s") % {"value": raw or "—"}) from None
    if not low <= value <= high or (whole and value != int(value)):
        raise RowProblem(header, _("Out of range: %(value)s") % {"value": raw})
    return int(value) if whole else value


def _day(values: dict[str, str], name: str, header: str) -> date | None:
    raw = values.get(name, "").strip()
    if not raw:
        return None
    try:
        return datetime.strptime(raw[:10], "%Y-%m-%d").date()
    except ValueError:
        raise RowProblem(header, _("Not a date (YYYY-MM-DD): %(value)s") % {"value": raw}) from None


def _point(values: dict[str, str], headers: dict[str, str]) -> dict[str, float]:
    return {"lat": _number(values, "lat", headers["lat"], low=-90, high=90),
            "lng": _number(values, "lng", headers["lng"], low=-180, high=180)}


@dataclass(frozen=True)
class Kind:
    model: Any
    columns: dict[str, str]  # field → header (zh), the template's order
    required: tuple[str, ...]
    parse: Callable[[dict[str, str], dict[str, str]], dict[str, Any]]
    key: Callable[[dict[str, Any]], tuple]


def _team(v: dict[str, str], h: dict[str, str]) -> dict[str, Any]:
    return {"name": _text(v, "name", h["name"]), "speciality": _text(v, "speciality",
            h["speciality"]), "members": _number(v, "members", h["members"], low=0,
                                                 high=100000, whole=True), **_point(v, h)}


def _expert(v: dict[str, str], h: dict[str, str]) -> dict[str, Any]:
    return {"name": _text(v, "name", h["name"]), "field": _text(v, "field", h["field"]),
            "phone": _text(v, "phone", h["phone"], required=False), **_point(v, h)}


def _shelter(v: dict[str, str], h: dict[str, str]) -> dict[str, Any]:
    return {"name": _text(v, "name", h["name"]),
            "capacity": _number(v, "capacity", h["capacity"], low=1, high=10**7, whole=True),
            "address": _text(v, "address", h["address"], required=False), **_point(v, h)}


def _warehouse(v: dict[str, str], h: dict[str, str]) -> dict[str, Any]:
    return {"name": _text(v, "name", h["name"]),
            "manager": _text(v, "manager", h["manager"], required=False),
            "phone": _text(v, "phone", h["phone"], required=False), **_point(v, h)}


def _stock(v: dict[str, str], h: dict[str, str]) -> dict[str, Any]:
    warehouse = _text(v, "warehouse", h["warehouse"])
    found = Warehouse.objects.filter(name=warehouse).values_list("pk", flat=True).first()
    if found is None:
        raise RowProblem(h["warehouse"], _("No warehouse named %(name)s.") % {"name": warehouse})
    return {"warehouse_id": found, "code": _text(v, "code", h["code"]),
            "item": _text(v, "item", h["item"]), "unit": _text(v, "unit", h["unit"]),
            "quantity": _number(v, "quantity", h["quantity"], low=0, high=10**9, whole=True),
            "min_level": _number(v, "min_level", h["min_level"], low=0, high=10**9, whole=True,
                                 required=False) or 0,
            "expiry": _day(v, "expiry", h["expiry"])}


POINT = {"lat": "纬度", "lng": "经度"}
KINDS: dict[str, Kind] = {
    "teams": Kind(Team, {"name": "队伍名称", "speciality": "专业", "members": "人数", **POINT},
                  ("name", "speciality", "members", "lat", "lng"), _team,
                  lambda d: (d["name"],)),
    "experts": Kind(Expert, {"name": "姓名", "field": "领域", "phone": "联系方式", **POINT},
                    ("name", "field", "lat", "lng"), _expert, lambda d: (d["name"],)),
    "shelters": Kind(Shelter, {"name": "名称", "capacity": "容纳人数", "address": "地址",
                               **POINT}, ("name", "capacity", "lat", "lng"), _shelter,
                     lambda d: (d["name"],)),
    "warehouses": Kind(Warehouse, {"name": "名称", "manager": "管理员", "phone": "电话",
                                   **POINT}, ("name", "lat", "lng"), _warehouse,
                       lambda d: (d["name"],)),
    "stock": Kind(StockItem, {"warehouse": "物资库", "code": "物资编码", "item": "物资名称",
                              "unit": "单位", "quantity": "数量", "min_level": "最低库存",
                              "expiry": "有效期"},
                  ("warehouse", "code", "item", "unit", "quantity"), _stock,
                  lambda d: (d["warehouse_id"], d["code"])),
}


def _existing(kind: Kind) -> set[tuple]:
    if kind.model is StockItem:
        return set(StockItem.objects.values_list("warehouse_id", "item__code"))
    return {(n,) for n in kind.model.objects.values_list("name", flat=True)}


def _columns(kind: Kind, headers: list[str]) -> dict[str, int]:
    index = {norm_header(h): i for i, h in reversed(list(enumerate(headers)))}
    found = {name: index.get(norm_header(header)) for name, header in kind.columns.items()}
    missing = [kind.columns[n] for n in kind.required if found[n] is None]
    if missing:
        raise ImportFileError(_("Required columns missing: %(names)s.")
                              % {"names": "、".join(missing)})
    return {n: i for n, i in found.items() if i is not None}


def import_rows(*, kind: str, table: Table, dry_run: bool = False) -> Summary:
    if kind not in KINDS:
        raise ImportFileError(_("Unknown kind %(kind)s; use one of %(kinds)s.")
                              % {"kind": kind, "kinds": ", ".join(KINDS)})
    spec = KINDS[kind]
    columns = _columns(spec, table.headers)
    seen = _existing(spec)
    summary, rows = Summary(), []
    for number, cells in table.rows:
        summary.total += 1
        values = {n: cell_text(cells[i]) if i < len(cells) else "" for n, i in columns.items()}
        try:
            data = spec.parse(values, spec.columns)
        except RowProblem as problem:
            summary.failed += 1
            summary.problems.append(Problem(number, problem.column, problem.reason))
            continue
        key = spec.key(data)
        if key in seen:
            summary.skipped += 1
            continue
        seen.add(key)
        rows.append(data)
    if not dry_run:
        with transaction.atomic():
            _store(spec, rows)
    summary.created = len(rows)
    return summary


def _store(spec: Kind, rows: list[dict[str, Any]]) -> None:
    if spec.model is not StockItem:
        spec.model.objects.bulk_create([spec.model(**r) for r in rows], batch_size=500)
        return
    items = {i.code: i for i in CatalogueItem.objects.all()}
    for r in rows:
        if r["code"] not in items:
            items[r["code"]] = CatalogueItem.objects.create(code=r["code"], name=r["item"],
                                                            unit=r["unit"])
    StockItem.objects.bulk_create([
        StockItem(warehouse_id=r["warehouse_id"], item=items[r["code"]], quantity=r["quantity"],
                  min_level=r["min_level"], expiry=r["expiry"]) for r in rows])


def import_file(*, kind: str, path: Path, dry_run: bool = False,
                report: Path | None = None) -> Summary:
    summary = import_rows(kind=kind, table=read_table(path), dry_run=dry_run)
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
    assert sheet is not None
    sheet.title = kind
    spec = KINDS[kind]
    sheet.append([h + ("*" if n in spec.required else "") for n, h in spec.columns.items()])
    book.save(path)
