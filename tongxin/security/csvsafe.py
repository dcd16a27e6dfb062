"""CSV cells that a spreadsheet will not run as formulas (CSV / formula injection, CWE-1236)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value) -> str:
    """Text starting with a formula trigger gets a leading apostrophe, which Excel and
    LibreOffice show as plain text; numbers are not text and pass unchanged."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(TRIGGERS) else text


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    buffer = io.StringIO()
    # The BOM makes Excel open UTF-8 Chinese text correctly.
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def neutralise_workbook(workbook) -> int:
    """The same rule for an openpyxl workbook about to be saved: openpyxl stores any text
    starting with "=" as a formula, so every text cell that starts with a trigger becomes
    plain text with the apostrophe. Returns the number of cells changed. Call it only on
    workbooks that hold no formulas of their own."""
    changed = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(TRIGGERS):
                    cell.value = safe_cell(cell.value)
                    cell.data_type = "s"
                    changed += 1
    return changed
