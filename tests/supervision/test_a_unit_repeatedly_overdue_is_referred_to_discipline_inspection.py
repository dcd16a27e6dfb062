"""A unit with 3 red cases within 30 days (the default rule) is referred to discipline
inspection once; it is referred again only after 3 more red cases."""

from tests.supervision.helpers import dispatched, local
from tongxin.cases.sweep import sweep
from tongxin.notifications.models import Notification
from tongxin.supervision.models import ProblemType, Referral
from tongxin.supervision.services import detect_referrals

KEY = ProblemType.REPEATED_OVERDUE


def red_cases(world, count, day):
    for _ in range(count):
        dispatched(world, local(2026, 11, day, 9))
    sweep(now=local(2026, 12, day, 9))


def test_repeated_overdue(world, django_capture_on_commit_callbacks):
    red_cases(world, 2, 2)
    assert detect_referrals(now=local(2026, 12, 3, 9))[KEY] == 0

    red_cases(world, 1, 4)
    with django_capture_on_commit_callbacks(execute=True):
        assert detect_referrals(now=local(2026, 12, 5, 9))[KEY] == 1
    assert detect_referrals(now=local(2026, 12, 5, 10))[KEY] == 0

    [referral] = Referral.objects.all()
    assert referral.department == world.departments["cg"] and referral.case is None
    assert referral.problem_type == KEY and "3" in referral.reason
    assert Notification.objects.filter(user=world.users["supervisor"], verb="refer").exists()

    red_cases(world, 2, 9)
    assert detect_referrals(now=local(2026, 12, 10, 9))[KEY] == 0  # 2 since the referral
    red_cases(world, 1, 11)
    assert detect_referrals(now=local(2026, 12, 12, 9))[KEY] == 1


def test_old_red_cases_fall_out_of_the_window(world):
    red_cases(world, 2, 2)
    red_cases(world, 1, 4)

    assert detect_referrals(now=local(2027, 1, 20, 9))[KEY] == 0
