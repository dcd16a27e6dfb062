"""`tongxin basedata template` writes a file the importer reads back; `tongxin basedata
import` exits with code 2 on a file it cannot read or that lacks a required column."""

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tests.basedata.people import write_csv
from tongxin.basedata.models import Person


def test_the_template_has_the_required_columns_and_imports_empty(db, tmp_path):
    out = tmp_path / "people.xlsx"
    call_command("basedata", "template", "--kind", "people", "--out", str(out))
    headers = [c.value for c in next(load_workbook(out).active.iter_rows())]
    assert headers[:3] == ["姓名*", "公民身份号码*", "网格编码*"]
    assert {"联系电话", "地址", "房屋编号", "与户主关系", "标签"} <= set(headers)
    call_command("basedata", "import", "--kind", "people", str(out))
    assert not Person.objects.exists()


def test_a_broken_file_exits_2(db, tmp_path):
    broken = tmp_path / "people.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(CommandError) as caught:
        call_command("basedata", "import", "--kind", "people", str(broken))
    assert caught.value.returncode == 2


def test_a_missing_required_column_exits_2_and_names_it(db, tmp_path):
    path = write_csv(tmp_path / "p.csv", [["张三"]], headers=["姓名"])
    with pytest.raises(CommandError, match="公民身份号码") as caught:
        call_command("basedata", "import", "--kind", "people", str(path))
    assert caught.value.returncode == 2
