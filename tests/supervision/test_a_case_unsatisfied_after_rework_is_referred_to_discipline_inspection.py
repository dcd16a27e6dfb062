"""A citizen unsatisfied again after the case was reworked: referred once, to discipline
inspection, naming the lead unit. One unsatisfied rating without rework is not enough."""

from tests.supervision.helpers import act, in_progress, local
from tongxin.supervision.models import ProblemType, Referral
from tongxin.supervision.services import detect_referrals

KEY = ProblemType.UNSATISFIED_AFTER_REWORK


def closed_and_rated(world, case, day, rating):
    act(world, case, "reply", "handler", local(2026, 11, day, 10), note="已处理")
    act(world, case, "verify_pass", "street_a", local(2026, 11, day, 11))
    act(world, case, "rate", "street_a", local(2026, 11, day, 12), rating=rating)


def test_unsatisfied_after_rework(world):
    case = in_progress(world, local(2026, 11, 16, 9))
    closed_and_rated(world, case, 17, "unsatisfied")
    assert detect_referrals(now=local(2026, 11, 17, 13))[KEY] == 0

    # The engine reworked it at once (不满意); the second round is rated unsatisfied again.
    closed_and_rated(world, case, 19, "unsatisfied")
    assert detect_referrals(now=local(2026, 11, 19, 13))[KEY] == 1
    assert detect_referrals(now=local(2026, 11, 20, 13))[KEY] == 0

    referral = Referral.objects.get()
    assert referral.case == case and referral.department == world.departments["cg"]


def test_satisfied_after_rework_is_fine(world):
    case = in_progress(world, local(2026, 11, 16, 9))
    closed_and_rated(world, case, 17, "unsatisfied")
    closed_and_rated(world, case, 19, "basically")

    assert detect_referrals(now=local(2026, 11, 19, 13))[KEY] == 0
