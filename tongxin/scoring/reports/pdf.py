"""The report as a PDF: Chinese text in the built-in CID font STSong-Light (no font file to
ship), tables of the figures, and charts drawn with reportlab.graphics."""

from __future__ import annotations

from io import BytesIO

from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .data import ReportData, percent, share

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
TITLE = ParagraphStyle("title", fontName=FONT, fontSize=16, leading=22, spaceAfter=6)
HEAD = ParagraphStyle("head", fontName=FONT, fontSize=12, leading=16, spaceBefore=8,
                      spaceAfter=4)
BODY = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12)
# The frame keeps 6 pt of padding on each side inside the margins.
WIDTH = A4[0] - 30 * mm - 12
CHART_UNITS = 20  # the chart shows the best 20 units; the table below lists them all


def _table(rows: list[list], widths: list[float] | None = None) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, 8),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1F4E79")),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F2F6FA")]),
    ]))
    return table


def _bar_chart(labels: list[str], values: list[float]) -> Drawing:
    height = 20 + 14 * len(values)
    drawing = Drawing(WIDTH, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 90, 10, WIDTH - 110, height - 20
    chart.data = [values]
    chart.categoryAxis.categoryNames = labels
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, 100
    chart.bars[0].fillColor = colors.HexColor("#2E75B6")
    drawing.add(chart)
    return drawing


def _line_chart(labels: list[str], values: list[int]) -> Drawing:
    drawing = Drawing(WIDTH, 140)
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 30, 20, WIDTH - 50, 110
    chart.data = [values]
    chart.categoryAxis.categoryNames = [label[5:] for label in labels]
    chart.categoryAxis.labels.fontSize = 6
    chart.valueAxis.valueMin = 0
    chart.lines[0].strokeColor = colors.HexColor("#C00000")
    drawing.add(chart)
    return drawing


def _cases(rows: list[dict]) -> Table:
    head = [_("Case number"), _("Title"), _("Lead unit"), _("Finish deadline"), _("Reworks")]
    body = [[r["number"], Paragraph(r["title"][:40], BODY), r["lead_department__name"] or "",
             localtime(r["finish_deadline"]).strftime("%Y-%m-%d %H:%M")
             if r["finish_deadline"] else "", r["rework_count"]] for r in rows]
    return _table([head, *body], [28 * mm, 60 * mm, 40 * mm, 30 * mm, 14 * mm])


def write(data: ReportData) -> bytes:
    out = BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm,
                            topMargin=15 * mm, bottomMargin=15 * mm, title=data.title)
    story: list = [
        Paragraph(data.title, TITLE),
        Paragraph(_("Period: %(start)s to %(end)s (exclusive); figures as of %(as_of)s.") % {
            "start": data.start, "end": data.end,
            "as_of": localtime(data.as_of).strftime("%Y-%m-%d %H:%M")}, BODY),
        Paragraph(_("Key figures"), HEAD),
        _table([[_("Metric"), _("Value")],
                *[[label, percent(key, value)] for key, label, value in data.metric_rows]],
               [80 * mm, 40 * mm]),
    ]
    if data.units:
        story += [Paragraph(_("Unit ranking"), HEAD),
                  _bar_chart([u["name"][:12] for u in data.units[:CHART_UNITS]][::-1],
                             [u["score"] or 0 for u in data.units[:CHART_UNITS]][::-1]),
                  _table([[_("Rank"), _("Unit"), _("Score"), _("Satisfaction rate"),
                           _("On-time closure rate"), _("Overdue")],
                          *[[u["rank"], u["name"], u["score"] if u["score"] is not None else "—",
                             percent("satisfaction_rate", u["satisfaction_rate"]),
                             percent("on_time_closure_rate", u["on_time_closure_rate"]),
                             u["overdue"]] for u in data.units]])]
    if data.daily:
        story += [Paragraph(_("Cases received per day"), HEAD),
                  _line_chart([d for d, _n in data.daily], [n for _d, n in data.daily])]
    if data.workers:
        story += [Paragraph(_("Grid workers"), HEAD),
                  _table([[_("Rank"), _("Grid worker"), pgettext("grid worker", "Reports"),
                           _("On-spot closures"),
                           _("Verified results"), _("Household visits"),
                           _("Patrol coverage"), _("Score")],
                          *[[w["rank"], w["name"], w["reports"], w["on_spot"], w["verified"],
                             w["household_visits"], share(w["patrol_coverage"]), w["score"]]
                            for w in data.workers]])]
    if data.top_problems:
        story += [Paragraph(_("Top problems"), HEAD),
                  _table([[_("Category"), _("Received")], *map(list, data.top_problems)])]
    for title, rows in ((_("Overdue cases"), data.overdue), (_("Reworked cases"), data.reworked)):
        story += [Paragraph(title, HEAD),
                  _cases(rows) if rows else Paragraph(_("None."), BODY), Spacer(1, 4)]
    doc.build(story)
    return out.getvalue()
