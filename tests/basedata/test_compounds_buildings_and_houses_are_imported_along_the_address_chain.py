"""Compounds, then their buildings, then the houses in them are imported from the files a
district has: a compound with only a boundary is placed by it, a building names its compound
and a house its building; a name or code nobody stored is a report row and stores nothing;
a second run creates nothing."""

import csv
import json

from tests.basedata.people import write_csv
from tongxin.basedata.importer import import_file
from tongxin.basedata.models import Building, Compound, House

BOUNDARY = {"type": "Polygon", "coordinates": [[[117.01, 34.01], [117.02, 34.01],
                                                 [117.02, 34.02], [117.01, 34.02],
                                                 [117.01, 34.01]]]}


def _problems(report):
    return {(int(r["row"]), r["field"]) for r in csv.DictReader(
        report.open(encoding="utf-8-sig"))}


def test_the_address_chain_is_imported_file_by_file_and_once(world, tmp_path):
    a1 = world.grids["A1"].code
    compounds = write_csv(tmp_path / "c.csv", [
        ["幸福里小区", "", "", "", "安居物业", json.dumps(BOUNDARY)],
        ["光明院", a1, "", "", "", ""],
        ["坏边界", a1, "", "", "", "{not json"],
    ], headers=["小区名称", "网格编码", "纬度", "经度", "物业公司", "边界GeoJSON"])
    report = tmp_path / "r.csv"
    summary = import_file(kind="compounds", path=compounds, report=report)
    assert (summary.created, summary.failed) == (2, 1)
    assert _problems(report) == {(4, "边界GeoJSON")}
    happy = Compound.objects.get(name="幸福里小区")
    assert happy.grid == world.grids["A1"] and happy.property_company == "安居物业"
    assert 34.01 < happy.lat < 34.02 and 117.01 < happy.lng < 117.02

    buildings = write_csv(tmp_path / "b.csv", [
        ["B-1", "1号楼", "幸福里小区", a1], ["B-2", "2号楼", "没有的小区", a1],
    ], headers=["楼栋编号", "楼栋名称", "所属小区", "网格编码"])
    summary = import_file(kind="buildings", path=buildings, report=report)
    assert (summary.created, summary.failed) == (1, 1)
    assert _problems(report) == {(3, "所属小区")}
    assert Building.objects.get(code="B-1").compound == happy

    houses = write_csv(tmp_path / "h.csv", [
        ["H-101", "B-1", a1, "101", "出租"], ["H-102", "B-9", a1, "102", ""],
    ], headers=["房屋编号", "楼栋编号", "网格编码", "房间号", "房屋用途"])
    summary = import_file(kind="houses", path=houses, report=report)
    assert (summary.created, summary.failed) == (1, 1)
    assert _problems(report) == {(3, "楼栋编号")}
    assert House.objects.get(code="H-101").building.compound == happy

    for kind, path in (("compounds", compounds), ("buildings", buildings), ("houses", houses)):
        assert import_file(kind=kind, path=path).created == 0
    assert (Compound.objects.count(), Building.objects.count(), House.objects.count()) == (
        2, 1, 1)
