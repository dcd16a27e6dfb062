"""A report without a category gets one suggested from its text (duty keywords and category
names, the same function the portal uses); a clear suggestion routes the case and is written
on it when triage dispatches automatically, a vague one is only shown."""

from tests.triage.helpers import report
from tongxin.cases.models import Status
from tongxin.triage.categories import score_categories
from tongxin.triage.models import Decision
from tongxin.triage.selectors import panel
from tongxin.triage.services import CATEGORY_ON_CASE, triage_case


def test_a_clear_suggestion_is_stored_and_set_on_the_dispatched_case(world, use_router):
    use_router(threshold=0.5)
    case = report(world, "路灯照明坏了", description="A街道路灯不亮很久了")
    assert case.category is None
    result = triage_case(case_id=case.pk)
    case.refresh_from_db()
    assert result is not None and result.decision == Decision.AUTO
    assert result.category == world.categories["light"] and result.category_suggested
    assert result.category_confidence is not None
    assert result.category_confidence >= CATEGORY_ON_CASE
    assert case.status == Status.DISPATCHED and case.category == world.categories["light"]
    assert panel(case)["category_pct"] == round(result.category_confidence * 100)


def test_a_vague_suggestion_is_shown_but_not_set(world, use_router):
    use_router(threshold=0.5)
    # 物业 names 住建's duties: 城乡建设 (住建 leads) and 路灯照明 both score, neither clearly.
    best = score_categories("小区路灯和物业问题")[0]
    assert best.confidence < CATEGORY_ON_CASE
    case = report(world, "小区路灯和物业问题")
    result = triage_case(case_id=case.pk)
    case.refresh_from_db()
    assert result is not None and result.category_suggested
    assert result.category == best.category
    assert result.category_confidence == best.confidence
    assert case.category is None


def test_a_case_with_a_category_keeps_it(world, use_router):
    use_router(threshold=0.5)
    case = report(world, "路灯不亮", category=world.categories["top"])
    result = triage_case(case_id=case.pk)
    assert result is not None and not result.category_suggested
    assert result.category == world.categories["top"] and result.category_confidence is None
