"""A dispatcher who sends a case elsewhere than triage suggested teaches the next `train`."""

import io

import pytest
from django.core.management import CommandError, call_command

from tests.triage.helpers import report
from tongxin.cases.services import ActionInput, act
from tongxin.triage import classifier
from tongxin.triage.models import RoutingCorrection
from tongxin.triage.services import triage_case
from tongxin.triage.training import routing_records


def test_a_different_unit_is_recorded_and_becomes_a_training_row(world, tmp_path):
    case = report(world, "小区停水两天")
    assert triage_case(case_id=case.pk).lead_department == world.departments["sw"]
    act(case_id=case.pk, actor=world.user("dispatcher"), action="dispatch",
        data=ActionInput(lead_department=world.departments["zj"], note="物业关的总阀"))

    correction = RoutingCorrection.objects.get(case=case)
    assert correction.suggested == world.departments["sw"]
    assert correction.chosen == world.departments["zj"]
    assert correction.actor == world.users["dispatcher"]
    assert "停水" in correction.text and "〔职能〕" in correction.text

    records, counts = routing_records()
    assert counts == {"history": 1, "corrections": 1}
    assert [(r.id, r.category) for r in records] == [(f"case:{case.pk}", "zj")]

    # Enough history of another unit to train on: a second unit is needed for a model.
    for title in ("路灯不亮", "路灯坏了", "占道经营"):
        other = report(world, title)
        triage_case(case_id=other.pk)
        act(case_id=other.pk, actor=world.user("dispatcher"), action="dispatch",
            data=ActionInput(lead_department=world.departments["cg"]))
    out = io.StringIO()
    call_command("triage", "train", "--routing", "--out", str(tmp_path / "m"), stdout=out)
    assert "4 dispatched cases, 1 corrections" in out.getvalue()
    model = classifier.load(tmp_path / "m")
    assert set(model.classes) == {"cg", "zj"}
    assert model.meta["examples"] == {"history": 4, "corrections": 1}


def test_confirming_the_suggestion_records_nothing(world):
    case = report(world, "小区停水两天")
    triage_case(case_id=case.pk)
    act(case_id=case.pk, actor=world.user("dispatcher"), action="dispatch",
        data=ActionInput(lead_department=world.departments["sw"]))
    assert not RoutingCorrection.objects.exists()


def test_train_without_history_is_a_clear_error(world, tmp_path):
    with pytest.raises(CommandError, match="at least two units") as refused:
        call_command("triage", "train", "--routing", "--out", str(tmp_path / "m"),
                     stdout=io.StringIO())
    assert refused.value.returncode == 2


def test_a_correction_the_chosen_unit_returned_is_not_learnt(world):
    case = report(world, "小区停水两天")
    triage_case(case_id=case.pk)
    act(case_id=case.pk, actor=world.user("dispatcher"), action="dispatch",
        data=ActionInput(lead_department=world.departments["zj"]))
    act(case_id=case.pk, actor=world.user("handler_zj"), action="return",
        data=ActionInput(note="不属于本单位职责"))

    assert RoutingCorrection.objects.filter(case=case).exists()
    records, counts = routing_records()
    assert counts == {"history": 0, "corrections": 0} and records == []
