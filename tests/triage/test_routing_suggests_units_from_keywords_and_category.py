"""Without a trained model, triage suggests units from duty keywords and the category."""

from tests.triage.helpers import report
from tongxin.cases.models import Status
from tongxin.triage.models import Decision
from tongxin.triage.services import triage_case


def test_duty_keywords_pick_the_unit_and_show_why(world):
    case = report(world, "小区停水两天", description="供水管道一直没人修")
    result = triage_case(case_id=case.pk)
    assert result is not None
    assert result.lead_department == world.departments["sw"]
    assert result.keywords == ["供水", "停水"]
    assert result.suggestions[0]["code"] == "sw"
    assert result.suggestions[0]["keywords"] == ["停水", "供水"]


def test_the_category_lead_unit_counts_and_other_matches_become_co_handlers(world):
    case = report(world, "路灯旁边的物业", category=world.categories["light"])
    result = triage_case(case_id=case.pk)
    assert result is not None
    # 路灯 (cg keyword) + the category's lead unit cg outweigh one 物业 (zj) hit.
    assert [s["code"] for s in result.suggestions] == ["cg", "zj"]
    assert list(result.co_departments.all()) == [world.departments["zj"]]


def test_rules_alone_never_dispatch_automatically(world):
    case = report(world, "小区停水两天")
    result = triage_case(case_id=case.pk)
    case.refresh_from_db()
    assert result is not None and result.decision == Decision.ADJUDICATE
    assert result.model_version == "rules"
    assert case.status == Status.ADJUDICATING
    adjudicate = case.events.get(action="adjudicate")
    assert adjudicate.actor is None and adjudicate.data["auto"] is True
