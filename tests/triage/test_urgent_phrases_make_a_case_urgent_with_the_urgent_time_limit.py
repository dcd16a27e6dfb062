"""特事特办: an outage or danger named in a report makes it urgent and gives it the urgent limit."""

import pytest

from tests.triage.helpers import report
from tongxin.cases.models import Status, Urgency
from tongxin.sla.calendar import add_limit
from tongxin.sla.models import TimeLimitPolicy
from tongxin.triage import urgency
from tongxin.triage.services import triage_case

ISSUE_PHRASES = ["停水", "停电", "停气", "燃气泄漏", "火灾", "塌陷"]


@pytest.mark.parametrize("phrase", ISSUE_PHRASES)
def test_each_rule_phrase_makes_the_text_urgent(phrase):
    verdict = urgency.judge(f"我们小区今天{phrase}了，请尽快处理")
    assert verdict.urgent and phrase in verdict.phrases
    assert verdict.reason.startswith("rule:")


def test_ordinary_text_is_not_urgent_unless_its_category_is():
    assert not urgency.judge("路灯不亮已经三天").urgent
    by_category = urgency.judge("路灯不亮已经三天", category_policy="urgent")
    assert by_category.urgent and by_category.reason == "category"


@pytest.mark.parametrize("phrase", ISSUE_PHRASES)
def test_an_auto_dispatched_urgent_case_gets_the_urgent_deadline(world, use_router, phrase):
    use_router(threshold=0.0)  # every case goes out automatically: the deadline is the point
    case = report(world, f"小区{phrase}，供水也不足")
    result = triage_case(case_id=case.pk)
    case.refresh_from_db()
    assert result is not None and result.urgent and phrase in result.urgency_reason
    assert case.status == Status.DISPATCHED and case.urgency == Urgency.URGENT
    policy = TimeLimitPolicy.objects.get(name="urgent")
    assert case.policy == policy
    assert case.finish_deadline == add_limit(case.dispatched_at, policy.finish_value,
                                             policy.finish_unit)


def test_an_urgent_case_waiting_for_adjudication_is_already_marked_urgent(world):
    case = report(world, "燃气泄漏，楼道里很大的味道")
    triage_case(case_id=case.pk)
    case.refresh_from_db()
    assert case.status == Status.ADJUDICATING and case.urgency == Urgency.URGENT
