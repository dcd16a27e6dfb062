"""The sweep raises the yellow warning when 80 % of the time is used and the red alarm when
the deadline passes, each recorded on the case and as a warn_* event of the audit trail."""

from tests.supervision.helpers import dispatched, fast_passwords, local, warnings_of  # noqa: F401
from tongxin.cases.models import Case, CaseEvent, Warning
from tongxin.cases.sweep import sweep


def test_yellow_then_red(world):
    case = dispatched(world, local(2026, 11, 16, 9))  # yellow Fri 20th 16:06, due 23rd 17:30

    assert sweep(now=local(2026, 11, 20, 16, 5)) == {"red": 0, "yellow": 0}
    assert sweep(now=local(2026, 11, 20, 16, 6)) == {"red": 0, "yellow": 1}
    assert Case.objects.get(pk=case.pk).warning == Warning.YELLOW

    assert sweep(now=local(2026, 11, 23, 17, 30)) == {"red": 1, "yellow": 0}
    assert Case.objects.get(pk=case.pk).warning == Warning.RED

    red = CaseEvent.objects.get(case=case, action="warn_red")
    assert red.actor is None and red.at == local(2026, 11, 23, 17, 30)
    assert red.from_status == red.to_status == "dispatched"
    assert warnings_of(case) == ["warn_yellow", "warn_red"]


def test_a_case_found_late_goes_straight_to_red(world):
    case = dispatched(world, local(2026, 11, 16, 9))

    assert sweep(now=local(2026, 11, 24, 9)) == {"red": 1, "yellow": 0}
    assert warnings_of(case) == ["warn_red"]
