"""Running the sweep again — or over more cases than one batch holds — never raises a
warning twice."""

from collections import Counter

from tests.supervision.helpers import bulk_dispatched, fast_passwords, local  # noqa: F401
from tongxin.cases import sweep as sweep_module
from tongxin.cases.models import CaseEvent
from tongxin.cases.sweep import sweep


def test_repeated_sweeps_over_several_batches(world, monkeypatch):
    monkeypatch.setattr(sweep_module, "BATCH", 7)
    bulk_dispatched(world, 30, dispatched_at=local(2026, 11, 16, 9), prefix="Y",
                    yellow_at=local(2026, 11, 20, 16), finish_deadline=local(2026, 11, 23, 17))
    bulk_dispatched(world, 25, dispatched_at=local(2026, 11, 16, 9), prefix="R",
                    yellow_at=local(2026, 11, 18, 16), finish_deadline=local(2026, 11, 19, 17))

    assert sweep(now=local(2026, 11, 21, 12)) == {"red": 25, "yellow": 30}
    for _ in range(3):
        assert sweep(now=local(2026, 11, 21, 12)) == {"red": 0, "yellow": 0}
    assert sweep(now=local(2026, 11, 24, 12)) == {"red": 30, "yellow": 0}

    events = Counter(
        CaseEvent.objects.filter(action__startswith="warn_").values_list("case_id", "action")
    )
    assert len(events) == 30 * 2 + 25
    assert set(events.values()) == {1}
