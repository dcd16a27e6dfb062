"""Issue 28 finding 8: an xlsx with a 300 MB shared string took the import to 847 MB. The zip
directory's sizes are now checked before openpyxl opens the file: refused at once with a
clear message, exit code 2 on the command line, and the process does not grow."""

import os
import resource
import subprocess
import sys

import pytest

from tests.intake.bombs import xlsx_bomb
from tongxin.intake.importer import ImportFileError, read_table

INFLATED = 300 * 1024 * 1024


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    return xlsx_bomb(tmp_path_factory.mktemp("xlsx") / "export.xlsx", INFLATED)


def test_it_is_refused_before_parsing(bomb):
    assert bomb.stat().st_size < 2 * 1024 * 1024  # small on disk
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(ImportFileError, match="export.xlsx.*300 MB"):
        read_table(bomb)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024
    assert grown_mb < 50


def test_the_command_line_exits_with_code_2(bomb):
    done = subprocess.run(
        [sys.executable, "-m", "tongxin.cli", "import_cases", str(bomb)],
        capture_output=True, text=True, env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "export.xlsx" in done.stderr


def test_a_normal_workbook_still_reads(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["来电人", "诉求内容"])
    book.active.append(["张三", "路灯不亮"])
    book.save(tmp_path / "ok.xlsx")
    assert read_table(tmp_path / "ok.xlsx").rows
