"""A case returned twice within 30 days — units passing the buck (推诿) — is referred to
discipline inspection, with the units named; the case is marked and its trail records it."""

from tests.supervision.helpers import act, dispatched, local
from tongxin.cases.models import Case, CaseEvent
from tongxin.supervision.models import ProblemType, Referral
from tongxin.supervision.services import detect_referrals

KEY = ProblemType.REPEATED_RETURNS


def test_repeated_returns(world):
    case = dispatched(world, local(2026, 11, 16, 9))
    act(world, case, "return", "handler", local(2026, 11, 16, 10), note="不属于我局职责")
    assert detect_referrals(now=local(2026, 11, 16, 12))[KEY] == 0

    act(world, case, "dispatch", "street_a", local(2026, 11, 16, 11),
        lead_department=world.departments["zj"])
    act(world, case, "return", "handler_zj", local(2026, 11, 16, 14), note="应由城管处理")
    assert detect_referrals(now=local(2026, 11, 16, 15))[KEY] == 1
    assert detect_referrals(now=local(2026, 11, 17, 15))[KEY] == 0

    referral = Referral.objects.get()
    assert referral.case == case and referral.problem_type == KEY
    assert "区城管局" in referral.reason and "区住建局" in referral.reason
    assert Case.objects.get(pk=case.pk).referred
    event = CaseEvent.objects.get(case=case, action="refer")
    assert event.actor is None and event.data["referral"] == referral.pk
