"""`tongxin mediation dossier CASE_NUMBER --out FILE.pdf` writes the dossier; a number that is
no dispute or a folder that does not exist is a clear message and exit code 2."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pypdf import PdfReader

from tests.cases.loop import local

from .flow import dispute_case

T0 = local(2026, 9, 21, 10)


def test_the_dossier_is_written_as_one_pdf(world, centre, tmp_path):
    case = dispute_case(world, centre, at=T0)
    out = tmp_path / "juanzong.pdf"
    said = io.StringIO()
    call_command("mediation", "dossier", case.number, "--out", str(out), stdout=said)
    titles = [i.title for i in PdfReader(out).outline]
    assert titles == ["申请书", "受理登记表", "调解笔录"]
    assert "still missing" in said.getvalue()  # no mediator, no record yet


@pytest.mark.parametrize("why", ["no-such-number", "no-such-folder"])
def test_bad_input_is_a_message_and_exit_code_2(world, centre, tmp_path, why):
    case = dispute_case(world, centre, at=T0)
    number = "20990101-0001" if why == "no-such-number" else case.number
    out = tmp_path / ("x.pdf" if why == "no-such-number" else "missing/x.pdf")
    with pytest.raises(CommandError) as caught:
        call_command("mediation", "dossier", number, "--out", str(out))
    assert caught.value.returncode == 2 and str(caught.value)
    assert not out.exists()
