"""Every writer of the trail goes through the one bus: an action, a new report and the
deadline sweep's batch reach the same subscribers, in the writer's transaction, and each of
their events is linked into its case's chain."""

import pytest

from tests.supervision.helpers import dispatched, fast_passwords, local  # noqa: F401
from tongxin.cases import events
from tongxin.cases.models import Case, CaseEvent
from tongxin.cases.sweep import sweep
from tongxin.security.chain import GENESIS


@pytest.fixture
def heard():
    seen: list[tuple[str, int, bool]] = []

    def probe(items):
        seen.extend((i.event.action, i.case.pk, bool(i.event.hash)) for i in items)

    events.subscribe(probe, phase=events.Phase.IN_TRANSACTION)
    yield seen
    events._SUBSCRIPTIONS[:] = [s for s in events._SUBSCRIPTIONS if s.handler is not probe]


def test_actions_and_the_sweep_reach_one_subscriber(world, heard):
    case = dispatched(world, local(2026, 11, 16, 9))
    assert [a for a, pk, _ in heard if pk == case.pk] == ["report", "register", "dispatch"]

    sweep(now=local(2026, 11, 23, 17, 30))  # red: the alarm and the automatic order
    # The order's `supervise` event is recorded by a subscriber of the alarm, so a later
    # subscriber may hear of it first; both are heard.
    assert {a for a, pk, _ in heard if pk == case.pk} == {
        "report", "register", "dispatch", "warn_red", "supervise"}
    assert all(chained for _a, _pk, chained in heard)

    trail = list(CaseEvent.objects.filter(case=case).order_by("pk"))
    assert [e.prev_hash for e in trail] == [GENESIS, *(e.hash for e in trail[:-1])]
    assert Case.objects.get(pk=case.pk).trail_head == trail[-1].hash
