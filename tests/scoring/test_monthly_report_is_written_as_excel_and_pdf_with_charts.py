from io import BytesIO

from django.core.management import call_command
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from tests.scoring.handset import AS_OF
from tongxin.scoring.models import Report
from tongxin.scoring.reports.build import generate


def test_workbook_holds_the_figures_rankings_and_charts(month, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    w, _cases = month
    report = generate(kind="monthly", region=w.district, start=AS_OF.date().replace(month=9),
                      as_of=AS_OF)
    assert (str(report.period_start), str(report.period_end)) == ("2026-09-01", "2026-10-01")
    assert report.summary["received"] == 9 and report.summary["overdue"] == 3
    book = load_workbook(BytesIO(report.xlsx.read()))
    summary = {row[0]: row[1] for row in book[_("Summary")].iter_rows(min_row=5, values_only=True)}
    assert summary["受理量"] == 9 and summary["平均办理时长（工作小时）"] == 40.0
    assert summary["按期办结率"] == round(2 / 3, 4)
    units = book[_("Unit ranking")]
    assert [c.value for c in units[1]][:2] == ["单位", "受理量"]
    assert len(units._charts) == 1 and len(book[_("Daily trend")]._charts) == 1
    assert {r[0] for r in book[_("Overdue cases")].iter_rows(min_row=2, values_only=True)} == {
        c.number for c in _overdue(w)}
    assert [r[6] for r in book[_("Reworked cases")].iter_rows(min_row=2, values_only=True)] == [1]
    pdf = report.pdf.read()
    assert pdf.startswith(b"%PDF") and b"STSong-Light" in pdf and len(pdf) > 3000


def _overdue(w):
    from tongxin.cases.models import Case

    return Case.objects.filter(title__in=["c2", "c4", "c8"])


def test_generating_again_replaces_the_report(month, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    w, _cases = month
    call_command("report", "--kind", "monthly", "--period", "2026-09")
    call_command("report", "--kind", "monthly", "--period", "2026-09")
    assert Report.objects.filter(kind="monthly", region=w.district).count() == 1
