"""Import of the device registry from a spreadsheet, on the base data's import pattern
(tongxin.basedata.importer): the file read whole first, each row checked on its own and each
problem reported as row, field, reason; a second run of the same file creates nothing (the
device code is the identity) and a row that disagrees with a stored device (another grid,
another profile) is a conflict, not an overwrite.

Columns: 设备编码*, 设备名称, 设备型号* (a profile's name), 网格编码, 纬度, 经度 (the grid
from the point when it falls in one), 楼栋编号, 责任单位 (a department's name).
"""

from __future__ import annotations

from pathlib import Path

from django.db import models
from django.utils.translation import gettext as _

from tongxin.basedata.importer import (
    GRID_AND_POINT,
    Kind,
    Lookups,
    RowProblem,
    Summary,
    _named,
    _placed,
    import_rows,
)
from tongxin.intake.importer import read_table, write_report

from .models import Device, Profile


def _device(values: dict[str, str], lookups: Lookups) -> tuple[models.Model, dict]:
    if not (code := values.get("code", "")):
        raise RowProblem("code", _("A device code is required."))
    profile = _named(values, "profile", lambda name: lookups._id(Profile, "name", name),
                     _("Unknown device profile %(v)s."))
    if profile is None:
        raise RowProblem("profile", _("A device profile is required."))
    building = _named(values, "building", lookups.building, _("Unknown building %(v)s."))
    department = None
    if name := values.get("department", ""):
        if name not in lookups.departments:
            raise RowProblem("department", _("Unknown unit %(v)s.") % {"v": name})
        department = lookups.departments[name]
    grid, lat, lng = _placed(values, lookups)
    return Device(code=code, name=values.get("name", "") or code, profile_id=profile,
                  grid=grid, lat=lat, lng=lng, building_id=building,
                  department=department), {}


DEVICES = Kind(
    name="devices", model=Device, key="code", key_column="code",
    columns={"code": ("设备编码", "code"), "name": ("设备名称", "name"),
             "profile": ("设备型号", "设备类型", "profile"), **GRID_AND_POINT,
             "building": ("楼栋编号", "building"), "department": ("责任单位", "department")},
    required=("code", "profile"), parse=_device, compare=("grid_id", "profile_id"))


def import_file(*, path: Path, dry_run: bool = False, report: Path | None = None) -> Summary:
    summary = import_rows(kind=DEVICES, table=read_table(path), dry_run=dry_run)
    if report is not None:
        write_report(report, summary.problems)
    return summary
