"""A supervisor refers a case to discipline inspection through the workflow's `refer`
action; the referral names the problem and the unit."""

import pytest

from tests.supervision.helpers import in_progress, local
from tongxin.cases.models import Case, CaseEvent
from tongxin.core.errors import PermissionDenied, ValidationFailed
from tongxin.supervision.models import Referral
from tongxin.supervision.services import refer_case


def test_manual_referral(world):
    case = in_progress(world, local(2026, 11, 16, 9))

    referral = refer_case(case_id=case.pk, actor=world.user("supervisor"),
                          problem_type="repeated_returns", reason="相互推诿",
                          at=local(2026, 11, 18, 9))

    assert referral.created_by == world.users["supervisor"]
    assert referral.department == world.departments["cg"]
    assert Case.objects.get(pk=case.pk).referred
    assert CaseEvent.objects.get(case=case, action="refer").note == "相互推诿"


def test_refused_referrals_change_nothing(world):
    case = in_progress(world, local(2026, 11, 16, 9))
    with pytest.raises(ValidationFailed):
        refer_case(case_id=case.pk, actor=world.user("supervisor"), problem_type="other",
                   reason="x")
    with pytest.raises(PermissionDenied):
        refer_case(case_id=case.pk, actor=world.user("street_a"),
                   problem_type="repeated_returns", reason="x")
    assert not Referral.objects.exists()
    assert not CaseEvent.objects.filter(action="refer").exists()
