"""`tongxin emergency import --kind teams|stock FILE.xlsx`: good rows are stored, every bad
row is reported (row, field, reason) and stores nothing, a second import of the same file
creates nothing; a file without a required column exits with 2 and stores nothing."""

from __future__ import annotations

import csv
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from tongxin.emergency.models import StockItem, Team, Warehouse


def sheet(path, rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def run(*args) -> str:
    out = StringIO()
    call_command("emergency", *args, stdout=out)
    return out.getvalue()


def test_teams_and_stock_with_a_row_report(db, tmp_path):
    teams = sheet(tmp_path / "teams.xlsx", [
        ["队伍名称", "专业", "人数", "纬度", "经度"],
        ["抢险一队", "燃气抢险", 12, 34.05, 117.1],
        ["抢险二队", "燃气抢险", "十二", 34.05, 117.1],
        ["", "防汛", 5, 34.05, 117.1],
        ["抢险三队", "防汛", 8, 95, 117.1],
    ])
    report = tmp_path / "report.csv"
    out = run("import", "--kind", "teams", str(teams), "--report", str(report))
    assert "4 rows" in out or "4 行" in out
    assert list(Team.objects.values_list("name", flat=True)) == ["抢险一队"]
    rows = list(csv.reader(report.open(encoding="utf-8-sig")))
    assert [r[:2] for r in rows[1:]] == [["3", "人数"], ["4", "队伍名称"], ["5", "纬度"]]
    run("import", "--kind", "teams", str(teams))
    assert Team.objects.count() == 1  # the same file again creates nothing

    Warehouse.objects.create(name="一号库", lat=34.0, lng=117.0)
    stock = sheet(tmp_path / "stock.xlsx", [
        ["物资库", "物资编码", "物资名称", "单位", "数量", "最低库存", "有效期"],
        ["一号库", "mask", "防毒面具", "个", 40, 20, "2028-12-31"],
        ["二号库", "mask", "防毒面具", "个", 10, "", ""],
        ["一号库", "bag", "沙袋", "袋", 100, "", "明年"],
    ])
    run("import", "--kind", "stock", str(stock))
    row = StockItem.objects.select_related("item").get()
    assert (row.item.code, row.quantity, row.min_level, str(row.expiry)) == (
        "mask", 40, 20, "2028-12-31")


def test_a_file_without_a_required_column_exits_with_2(db, tmp_path):
    bad = sheet(tmp_path / "bad.xlsx", [["队伍名称", "人数"], ["一队", 3]])
    with pytest.raises(CommandError) as caught:
        run("import", "--kind", "teams", str(bad))
    assert caught.value.returncode == 2
    assert not Team.objects.exists()
