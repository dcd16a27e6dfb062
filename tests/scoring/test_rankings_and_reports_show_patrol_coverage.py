"""The rankings page and the monthly workbook/PDF show each grid worker's patrol coverage.

September 2026 has 22 working days (Mid-Autumn Fri 25 off, Sun 20 a make-up working day);
the walk of the coverage test covers Mon 7, Wed 9, Fri 11 and Mon 14 → 4/22."""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from tests.scoring.handset import AS_OF
from tests.scoring.test_grid_worker_patrol_coverage_counts_days_with_two_finished_patrols import (
    walk,
)
from tests.world import PASSWORD
from tongxin.scoring.reports.build import generate


def test_rankings_page_and_reports_show_patrol_coverage(month, client, settings, tmp_path):
    w, _cases = month
    walk(w.user("grid_a1"))
    client.login(username="leader", password=PASSWORD)
    page = client.get("/scoring/rankings/?month=2026-09")
    [worker] = page.context["workers"]
    assert (worker["patrol_days"], worker["patrol_days_due"]) == (4, 22)
    assert worker["patrol_coverage"] == round(4 / 22, 4)
    html = page.content.decode()
    assert "巡查覆盖率" in html and 'title="4/22">18.2%</td>' in html

    settings.MEDIA_ROOT = tmp_path
    report = generate(kind="monthly", region=w.district, start=AS_OF.date().replace(month=9),
                      as_of=AS_OF)
    sheet = load_workbook(BytesIO(report.xlsx.read()))[_("Grid workers")]
    header, row = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
    column = header.index("巡查覆盖率")
    assert row[column] == round(4 / 22, 4) and sheet.cell(2, column + 1).number_format == "0.0%"
