"""The clock never runs in a suspended state for a normal case: the workflow adjudicates
only before dispatch today, but should a normal case with deadlines ever sit in adjudication
(研判), the sweep leaves it alone. Rules test the state's kind, never its name. An urgent
case is the one exception (test_an_urgent_case_in_adjudication_keeps_the_urgent_deadline_…)."""

from tests.supervision.helpers import dispatched, fast_passwords, local, warnings_of  # noqa: F401
from tongxin.cases.conditions import CLOCK_RUNNING
from tongxin.cases.models import Case, Status
from tongxin.cases.sweep import sweep
from tongxin.cases.workflow import KIND, Kind, State


def test_no_suspended_state_runs_the_clock():
    assert all(KIND[State(s)] is Kind.OPEN for s in CLOCK_RUNNING)
    assert set(CLOCK_RUNNING) == {State.DISPATCHED, State.IN_PROGRESS}


def test_a_case_in_adjudication_with_past_deadlines_is_not_warned(world):
    case = dispatched(world, local(2026, 11, 16, 9))
    Case.objects.filter(pk=case.pk).update(status=Status.ADJUDICATING)

    assert sweep(now=local(2026, 12, 31, 12)) == {"red": 0, "yellow": 0}
    assert warnings_of(case) == []
