"""`tongxin sensing import` loads the device registry from Excel: the grid from the point,
each bad row a row of the report (unknown profile, unknown grid, the same code twice) while
the good rows are stored, a second run creates nothing, and a file it cannot read exits 2."""

import csv

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from tongxin.sensing.models import Device

from .fleet import smoke_profile

HEADERS = ["设备编码", "设备名称", "设备型号", "网格编码", "纬度", "经度", "责任单位"]


def workbook(path, rows):
    book = Workbook()
    book.active.append(HEADERS)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_good_rows_stored_once_and_bad_rows_reported(world, tmp_path):
    profile = smoke_profile()
    path = workbook(tmp_path / "devices.xlsx", [
        ["SMK-100", "1号楼烟感", profile.name, "", 34.05, 117.1, "区城管局"],
        ["SMK-101", "2号楼烟感", "没有这种型号", "", 34.05, 117.1, ""],
        ["SMK-102", "3号楼烟感", profile.name, "999", "", "", ""],
        ["SMK-100", "重复", profile.name, "", 34.05, 117.1, ""],
    ])
    report = tmp_path / "report.csv"
    call_command("sensing", "import", str(path), "--report", str(report))
    device = Device.objects.get()
    assert (device.code, device.grid, device.department.name) == (
        "SMK-100", world.grids["A1"], "区城管局")
    with report.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))[1:]
    assert [r[0] for r in rows] == ["3", "4", "5"]

    call_command("sensing", "import", str(path))
    assert Device.objects.count() == 1


def test_a_file_it_cannot_read_exits_2(world, tmp_path):
    broken = tmp_path / "devices.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    with pytest.raises(CommandError) as caught:
        call_command("sensing", "import", str(broken))
    assert caught.value.returncode == 2
