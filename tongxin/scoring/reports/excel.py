"""The report as an Excel workbook: formatted headers, percentages as number formats, and
charts (a bar chart of unit scores, a line chart of cases received per day)."""

from __future__ import annotations

from io import BytesIO

from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tongxin.cases.models import Status
from tongxin.security.csvsafe import neutralise_workbook

from ..metrics import METRICS, RATES
from .data import ReportData

HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")


def _header(ws: Worksheet, titles: list[str]) -> None:
    ws.append(titles)
    for cell in ws[ws.max_row]:
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    # A coordinate, not ws.cell(): touching a cell below would make the next append skip a row.
    ws.freeze_panes = f"A{ws.max_row + 1}"
    for i in range(1, len(titles) + 1):
        ws.column_dimensions[get_column_letter(i)].width = 14
    ws.column_dimensions["A"].width = 24


def _metric_table(ws: Worksheet, rows: list[dict], first: str, extra: tuple[str, ...] = ()):
    _header(ws, [first, *[str(m.label) for m in METRICS], *[e for e in extra]])
    for row in rows:
        ws.append([row["name"], *[row[m.key] for m in METRICS],
                   *[row.get(k) for k in ("score", "rank")[:len(extra)]]])
        for col, metric in enumerate(METRICS, start=2):
            cell = ws.cell(row=ws.max_row, column=col)
            cell.number_format = "0.0%" if metric.key in RATES else "0.0#"


def write(data: ReportData) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Summary")
    ws.append([data.title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([_("Period"), f"{data.start} – {data.end}"])
    ws.append([])
    _header_row = ws.max_row + 1
    ws.append([_("Metric"), _("Value")])
    for cell in ws[_header_row]:
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
    for key, label, value in data.metric_rows:
        ws.append([label, value])
        ws.cell(row=ws.max_row, column=2).number_format = "0.0%" if key in RATES else "0.0#"
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 34, 16

    _metric_table(wb.create_sheet(_("Streets")), data.streets, _("Street"))
    units = wb.create_sheet(_("Unit ranking"))
    _metric_table(units, data.units, _("Unit"), (_("Score"), _("Rank")))
    if data.units:
        chart = BarChart()
        chart.title, chart.y_axis.title = _("Unit scores"), _("Score")
        score_col = len(METRICS) + 2
        n = len(data.units) + 1
        chart.add_data(Reference(units, min_col=score_col, min_row=1, max_row=n),
                       titles_from_data=True)
        chart.set_categories(Reference(units, min_col=1, min_row=2, max_row=n))
        units.add_chart(chart, f"A{n + 3}")

    workers = wb.create_sheet(_("Grid workers"))
    _header(workers, [_("Grid worker"), pgettext("grid worker", "Reports"), _("On-spot closures"),
                      _("Verified results"), _("Household visits"), _("Patrol coverage"),
                      _("Score"), _("Rank")])
    for w in data.workers:
        workers.append([w["name"], w["reports"], w["on_spot"], w["verified"],
                        w["household_visits"], w["patrol_coverage"], w["score"], w["rank"]])
        workers.cell(row=workers.max_row, column=6).number_format = "0.0%"

    trend = wb.create_sheet(_("Daily trend"))
    _header(trend, [_("Day"), _("Received")])
    for day, count in data.daily:
        trend.append([day, count])
    if data.daily:
        line = LineChart()
        line.title = _("Cases received per day")
        n = len(data.daily) + 1
        line.add_data(Reference(trend, min_col=2, min_row=1, max_row=n), titles_from_data=True)
        line.set_categories(Reference(trend, min_col=1, min_row=2, max_row=n))
        trend.add_chart(line, "D2")

    top = wb.create_sheet(_("Top problems"))
    _header(top, [_("Category"), _("Received")])
    for name, count in data.top_problems:
        top.append([name, count])

    for title, rows in ((_("Overdue cases"), data.overdue), (_("Reworked cases"), data.reworked)):
        sheet = wb.create_sheet(title)
        _header(sheet, [_("Case number"), _("Title"), _("Lead unit"), _("Street"), _("Status"),
                        _("Finish deadline"), _("Reworks")])
        for r in rows:
            deadline = r["finish_deadline"]
            sheet.append([r["number"], r["title"], r["lead_department__name"],
                          r["street__name"], str(Status(r["status"]).label),
                          localtime(deadline).replace(tzinfo=None) if deadline else None,
                          r["rework_count"]])
            sheet.cell(row=sheet.max_row, column=6).number_format = "yyyy-mm-dd hh:mm"
    # Case titles are citizens' text: "=HYPERLINK(…)" must stay text (CWE-1236).
    neutralise_workbook(wb)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
