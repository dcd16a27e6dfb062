"""An urgent report triage cannot dispatch (no routing model here) waits in 研判中 with the
urgent policy's deadline running from the moment triage held it."""

from datetime import timedelta

from tests.triage.helpers import report
from tongxin.cases.models import Status, Urgency
from tongxin.cases.sweep import sweep
from tongxin.sla.calendar import add_limit
from tongxin.sla.models import TimeLimitPolicy
from tongxin.triage.services import triage_case


def test_an_urgent_report_in_adjudication_has_a_deadline_and_goes_red(world):
    case = report(world, "小区突然停水，一整天没有水")
    triage_case(case_id=case.pk)
    case.refresh_from_db()

    urgent = TimeLimitPolicy.objects.get(name="urgent")
    assert case.status == Status.ADJUDICATING and case.urgency == Urgency.URGENT
    assert case.policy == urgent and case.registered_at is not None
    assert case.finish_deadline == add_limit(case.registered_at, urgent.finish_value,
                                             urgent.finish_unit)
    assert sweep(now=case.finish_deadline + timedelta(seconds=1))["red"] == 1


def test_a_normal_report_in_adjudication_waits_without_a_deadline(world):
    case = report(world, "路灯不亮已经三天了")
    triage_case(case_id=case.pk)
    case.refresh_from_db()

    assert case.status == Status.ADJUDICATING and case.finish_deadline is None
