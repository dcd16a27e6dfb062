"""A broken Excel file stops the import with a clear message and exit code 2; the report
names the file's problem and nothing is stored."""

import csv
import os
import subprocess
import sys
from io import BytesIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from tongxin.cases.models import Case


def _truncated_xlsx() -> bytes:
    book = Workbook()
    for i in range(200):
        book.active.append([f"诉求 {i}", "内容"])
    data = BytesIO()
    book.save(data)
    return data.getvalue()[: len(data.getvalue()) // 2]


@pytest.mark.parametrize("content", [b"this is not a spreadsheet", b"PK\x03\x04garbage"],
                         ids=["text", "bad-zip"])
def test_broken_excel_file_is_refused_and_reported(world, tmp_path, content):
    broken = tmp_path / "export.xlsx"
    broken.write_bytes(content)
    report = tmp_path / "report.csv"

    with pytest.raises(CommandError) as raised:
        call_command("import_cases", str(broken), report=str(report), no_progress=True)

    assert raised.value.returncode == 2
    assert "export.xlsx" in str(raised.value)
    with report.open(encoding="utf-8-sig") as handle:
        [row] = list(csv.DictReader(handle))
    assert row["field"] == "file" and row["reason"]
    assert not Case.objects.exists()


def test_the_command_line_exits_with_code_2(tmp_path):
    broken = tmp_path / "half.xlsx"
    broken.write_bytes(_truncated_xlsx())

    done = subprocess.run(
        [sys.executable, "-m", "tongxin.cli", "import_cases", str(broken)],
        capture_output=True, text=True, env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
    )

    assert done.returncode == 2
    assert "half.xlsx" in done.stderr and "Traceback" not in done.stderr
