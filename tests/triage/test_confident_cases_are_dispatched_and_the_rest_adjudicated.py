"""Above the threshold triage dispatches with the policy's deadline; below it, adjudication."""

from tests.triage.helpers import report
from tongxin.cases.models import Status
from tongxin.sla.calendar import add_limit
from tongxin.triage.models import Decision
from tongxin.triage.services import triage_case


def test_above_the_threshold_the_case_is_dispatched_by_the_system(world, use_router):
    use_router(threshold=0.5)
    case = report(world, "路灯不亮", description="A街道路灯损坏很久了")
    result = triage_case(case_id=case.pk)
    case.refresh_from_db()
    assert result is not None and result.decision == Decision.AUTO
    assert result.confidence >= 0.5 and result.model_version.startswith("routing-")
    assert case.status == Status.DISPATCHED
    assert case.lead_department == world.departments["cg"]
    assert case.policy is not None and case.policy.name == "general"
    assert case.finish_deadline == add_limit(case.dispatched_at, case.policy.finish_value,
                                             case.policy.finish_unit)
    dispatch = case.events.get(action="dispatch")
    assert dispatch.actor is None
    assert dispatch.data["auto"] is True and dispatch.data["confidence"] == result.confidence
    assert [e.action for e in case.events.order_by("id")] == ["report", "register", "dispatch"]


def test_below_the_threshold_the_case_waits_with_three_suggestions(world, use_router):
    use_router(threshold=0.999)
    case = report(world, "路灯不亮，物业也不管，还停水")
    result = triage_case(case_id=case.pk)
    case.refresh_from_db()
    assert result is not None and result.decision == Decision.ADJUDICATE
    assert case.status == Status.ADJUDICATING and case.lead_department is None
    assert len(result.suggestions) == 3
    assert sorted(s["code"] for s in result.suggestions) == ["cg", "sw", "zj"]
    confidences = [s["confidence"] for s in result.suggestions]
    assert confidences == sorted(confidences, reverse=True)


def test_a_case_is_triaged_once(world, use_router):
    use_router(threshold=0.5)
    case = report(world, "路灯不亮")
    assert triage_case(case_id=case.pk) is not None
    assert triage_case(case_id=case.pk) is None
    assert case.events.filter(action="dispatch").count() == 1


def test_duty_keywords_of_only_other_units_hold_a_confident_case(world, use_router):
    use_router(threshold=0.0)
    # The model reads "流动摊贩" as 城管; the only duty keyword named is 住建's 房屋.
    case = report(world, "流动摊贩流动摊贩", description="摊贩堵在房屋门口")
    result = triage_case(case_id=case.pk)
    case.refresh_from_db()
    assert result is not None and result.suggestions[0]["code"] == "cg"
    assert result.decision == Decision.ADJUDICATE and case.status == Status.ADJUDICATING
    assert "zj" in [s["code"] for s in result.suggestions]
    assert "其他单位" in case.events.get(action="adjudicate").note
