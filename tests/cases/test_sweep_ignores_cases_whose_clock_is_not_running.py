"""Only dispatched and in-progress cases are swept: a replied, closed or not yet dispatched
case, or one waiting for an extension decision, gets no warning however late it is."""

from tests.supervision.helpers import act, dispatched, fast_passwords, in_progress, local  # noqa: F401
from tongxin.cases.models import CaseEvent
from tongxin.cases.sweep import sweep

T0 = local(2026, 11, 16, 9)


def test_only_running_clocks_are_swept(world):
    running = dispatched(world, T0)
    replied = in_progress(world, T0)
    act(world, replied, "reply", "handler", T0, note="已修复")
    closed = in_progress(world, T0)
    act(world, closed, "reply", "handler", T0, note="已修复")
    act(world, closed, "verify_pass", "street_a", T0)
    pending = in_progress(world, T0)
    act(world, pending, "extend_request", "handler", T0, note="协调",
        until=local(2026, 12, 31, 17, 30))
    returned = dispatched(world, T0)
    act(world, returned, "return", "handler", T0, note="不属于本单位")

    assert sweep(now=local(2027, 1, 4, 9)) == {"red": 1, "yellow": 0}
    warned = set(CaseEvent.objects.filter(action__startswith="warn_").values_list("case_id",
                                                                                 flat=True))
    assert warned == {running.pk}
