from tests.cases.loop import act, drive
from tongxin.cases.models import Case
from tongxin.cases.workflow import State
from tongxin.feedback.models import ReturnVisit
from tongxin.feedback.services import open_visits, rate_case
from tongxin.supervision.models import ProblemType, Referral


def _finish_again(world, case):
    act(world, case, "reply", "handler", note="再次处理")
    act(world, case, "verify_pass", "street_a")


def test_rework_twice_then_referral(world, settings):
    settings.TONGXIN_REWORK_LIMIT = 2
    case = drive(world, State.CLOSED)
    citizen = world.user("citizen")
    for round_ in (1, 2):
        rate_case(case_id=case.pk, rating="unsatisfied", comment="没修好", actor=citizen)
        case.refresh_from_db()
        assert (case.status, case.rework_count, case.rating) == (State.IN_PROGRESS, round_, "")
        _finish_again(world, case)
    assert not Referral.objects.exists()
    rate_case(case_id=case.pk, rating="unsatisfied", comment="还是没修好", actor=citizen)
    case = Case.objects.get(pk=case.pk)
    assert (case.status, case.rework_count, case.rating) == (State.CLOSED, 2, "unsatisfied")
    referral = Referral.objects.get(case=case)
    assert referral.problem_type == ProblemType.UNSATISFIED_AFTER_REWORK
    assert case.referred
    # One visit per closing round, all answered.
    assert sorted(ReturnVisit.objects.values_list("round", "rating")) == [
        (0, "unsatisfied"), (1, "unsatisfied"), (2, "unsatisfied")]
    assert open_visits() == {"opened": 0, "texted": 0, "failed": 0}


def test_a_case_without_a_unit_stays_closed_when_unsatisfied(world):
    case = drive(world, State.REPORTED)
    act(world, case, "answer", "street_a", note="已解答")
    rate_case(case_id=case.pk, rating="unsatisfied", actor=world.user("citizen"))
    case.refresh_from_db()
    assert (case.status, case.rating) == (State.CLOSED, "unsatisfied")
    assert not Referral.objects.exists()
