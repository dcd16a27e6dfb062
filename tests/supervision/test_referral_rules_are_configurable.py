"""The thresholds and windows of the referral rules are rows an administrator edits; an
inactive rule refers nothing."""

from tests.supervision.helpers import act, dispatched, local
from tongxin.supervision.models import ProblemType, ReferralRule
from tongxin.supervision.services import detect_referrals


def test_defaults_exist(db):
    rules = {r.problem_type: (r.threshold, r.window_days) for r in ReferralRule.objects.all()}
    assert rules == {
        ProblemType.REPEATED_OVERDUE: (3, 30),
        ProblemType.REPEATED_RETURNS: (2, 30),
        ProblemType.UNSATISFIED_AFTER_REWORK: (1, 30),
    }


def test_threshold_and_activity(world):
    case = dispatched(world, local(2026, 11, 16, 9))
    act(world, case, "return", "handler", local(2026, 11, 16, 10), note="不属于我局职责")

    ReferralRule.objects.filter(problem_type=ProblemType.REPEATED_RETURNS).update(
        threshold=1, is_active=False
    )
    assert ProblemType.REPEATED_RETURNS not in detect_referrals(now=local(2026, 11, 16, 12))

    ReferralRule.objects.filter(problem_type=ProblemType.REPEATED_RETURNS).update(is_active=True)
    assert detect_referrals(now=local(2026, 11, 16, 12))[ProblemType.REPEATED_RETURNS] == 1
