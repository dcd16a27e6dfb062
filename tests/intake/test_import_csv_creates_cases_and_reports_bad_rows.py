"""A GBK CSV export with Chinese headers: good rows become `import` cases dated by 受理时间;
every bad row is reported (row, field, reason) and stores nothing."""

import csv
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.utils import translation

from tongxin.cases.models import Case, Channel, Status, Urgency

HEADER = ("工单编号,诉求标题,诉求内容,来电人,联系电话,地址,所属街道,事项分类,紧急程度,受理时间,"
          "纬度,经度")
ROWS = [
    "GD001,路灯不亮,人民路路灯坏了三天,张三,138 0013 8000,人民路1号,A街道,路灯照明,紧急,"
    "2024-03-05 08:30,,",
    "GD002,,没有标题的诉求,李四,13900139000,,,,,2024-03-05 09:00,,",
    "GD003,停水,小区停水,王五,12ab,,A街道,,,2024/03/06 10:00,,",
    "GD004,噪音,夜间施工,赵六,0543-8123456,,火星街道,,,2024-03-06,,",
    "GD005,占道,占道经营,,,,,不存在的分类,,去年春天,,",
    "GD006,井盖,井盖缺失,,,,,,,,95.0,117.1",
    "GD007,物业,物业不作为,,,,B,城乡建设,一般,2024年3月7日 14:05,34.05,117.3",
]


def test_import_csv_creates_cases_and_reports_bad_rows(world, tmp_path):
    source = tmp_path / "export.csv"
    source.write_bytes("\n".join([HEADER, *ROWS]).encode("gbk"))
    report = tmp_path / "report.csv"
    out = StringIO()

    with translation.override("en"):  # the summary is asserted in English
        call_command("import_cases", str(source), report=str(report), no_progress=True,
                     stdout=out)

    cases = {c.title: c for c in Case.objects.all()}
    assert set(cases) == {"路灯不亮", "物业"}
    light = cases["路灯不亮"]
    # Triaged right after the import (test_imported_reports_go_through_triage.py).
    assert light.channel == Channel.IMPORT and light.status == Status.ADJUDICATING
    assert light.created_at == datetime(2024, 3, 5, 8, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert light.reporter_phone == "13800138000" and light.urgency == Urgency.URGENT
    assert light.street == world.streets["A"] and light.category == world.categories["light"]
    assert light.description == "人民路路灯坏了三天"
    assert cases["物业"].street == world.streets["B"] and cases["物业"].grid == world.grids["B1"]

    with report.open(encoding="utf-8-sig") as handle:
        problems = {(int(r["row"]), r["field"]) for r in csv.DictReader(handle)}
    assert problems == {
        (3, "title"), (4, "reporter_phone"), (5, "street"), (6, "category"),
        (6, "reported_at"), (7, "lat"),
    }
    assert "7 rows: 2 created, 0 imported before, 5 with problems." in out.getvalue()
