"""An .xlsx export whose headers the defaults do not know is imported through a JSON column
mapping; real date cells and numeric phone cells are read as such."""

import json
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

from django.core.management import call_command
from openpyxl import Workbook

from tongxin.cases.models import Case, Channel


def test_import_excel_with_column_mapping(world, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["流水号", "反映问题", "问题详情", "群众电话", "镇街", "问题类别", "登记日期",
                  "Y", "X"])
    sheet.append(["OLD-1", "路灯不亮", "人民路路灯坏了", 13800138000, "370402001", "0101",
                  datetime(2024, 3, 5, 8, 30), 34.05, 117.1])
    sheet.append(["OLD-2", "供水", "停水", None, "B街道", "城乡建设", datetime(2024, 3, 6), None,
                  None])
    source = tmp_path / "export.xlsx"
    book.save(source)
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"source": "old-12345", "columns": {
        "source_id": "流水号", "title": "反映问题", "description": "问题详情",
        "reporter_phone": "群众电话", "street": "镇街", "category": "问题类别",
        "reported_at": "登记日期", "lat": "Y", "lng": "X",
    }}, ensure_ascii=False), encoding="utf-8")
    out = StringIO()

    call_command("import_cases", str(source), mapping=str(mapping), channel=Channel.HOTLINE,
                 no_progress=True, stdout=out)

    assert "已创建 2 行" in out.getvalue()  # zh-Hans is the default language
    light = Case.objects.get(title="路灯不亮")
    assert light.channel == Channel.HOTLINE
    assert light.reporter_phone == "13800138000" and light.description == "人民路路灯坏了"
    assert light.created_at == datetime(2024, 3, 5, 8, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert light.grid == world.grids["A1"] and light.category == world.categories["light"]
    water = Case.objects.get(title="供水")
    assert water.street == world.streets["B"] and water.category == world.categories["top"]
