"""Every reason the workflow table can give for refusing a move has a translated sentence in
the workbench, so a refusal never shows the table's English wording to a user."""

from itertools import product

from django.utils import translation

from tongxin.cases.workflow import TABLE, Facts, IllegalTransition, State
from tongxin.workbench.errors import GUARD_REASONS, illegal_transition_message


def every_guard_reason() -> set[str]:
    reasons = set()
    for row, state, pending, rating, rework, lead, root, mediation in product(
        TABLE, State, (False, True), (None, "satisfied", "unsatisfied"), (0, 5), (False, True),
        (False, True), (False, True),
    ):
        facts = Facts(state=state, extension_pending=pending, rating=rating, rework_count=rework,
                      has_lead_department=lead, owner_is_root=root, lead_is_mediation=mediation)
        if row.guard and (reason := row.guard(facts)):
            reasons.add(reason)
    return reasons


def test_every_guard_reason_has_a_sentence():
    missing = every_guard_reason() - set(GUARD_REASONS)
    assert not missing, f"add to tongxin/workbench/errors.py GUARD_REASONS: {missing}"


def test_refusal_messages_are_chinese():
    with translation.override("zh-hans"):
        text = illegal_transition_message(
            IllegalTransition("reopen", "closed", "the case has already been rated"))
        assert text == "案件已评价。"
        text = illegal_transition_message(IllegalTransition("dispatch", "closed"))
        assert "派遣" in text and "已结案" in text
