"""Two dispatchers spot the same duplicate pair at once: one merges A into B while the other
merges B into A. At most one merge may succeed — otherwise both cases are closed, each
pointing at the other as its master, and the citizen's problem is handled by nobody — and the
one refused must get a clear refusal, like any other illegal move.

services._merge checks that the master is still open but reads it without a lock, so each
transaction still sees the other case as open. What saves the data today is PostgreSQL's
foreign-key check on merged_into: it needs a KEY SHARE lock on the master row, which the
other transaction holds FOR UPDATE, so the two deadlock and PostgreSQL aborts one of them —
the loser gets a raw OperationalError ("deadlock detected") after a second's wait instead of
a clear refusal. PostgreSQL only (two real connections)."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.world import build_world
from tongxin.cases import services
from tongxin.cases.models import Case
from tongxin.cases.services import ActionInput, NewCase
from tongxin.cases.workflow import IllegalTransition, Kind
from tongxin.core.errors import TongxinError

from .race import act_at_once

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="needs PostgreSQL; SQLite serialises writers"),
    pytest.mark.django_db(transaction=True),
]


def cross_merge(hold: float) -> tuple[list[Case], list[BaseException], list[Case]]:
    """Merge A into B and B into A at once; the merged cases, the errors, and both rows."""
    world = build_world()
    street_a, district = world.users["street_a"], world.users["dispatcher"]
    pair = []
    for _ in range(2):
        case = services.create_case(
            actor=None, new=NewCase(channel="hotline", title="噪音扰民", region=world.grids["A1"]))
        services.act(case_id=case.pk, actor=world.user("street_a"), action="register")
        pair.append(case.pk)
    a, b = pair

    def into(master_pk: int):
        return lambda: ActionInput(master=Case.objects.get(pk=master_pk), note="重复")

    results = act_at_once(
        [(a, street_a.pk, "merge", into(b)), (b, district.pk, "merge", into(a))], hold)
    merged = [r for r in results if isinstance(r, Case)]
    refused = [r for r in results if isinstance(r, BaseException)]
    assert len(merged) + len(refused) == 2
    return merged, refused, list(Case.objects.filter(pk__in=pair))


@pytest.mark.parametrize("hold", [0.0, 0.2], ids=["same-moment", "interleaved"])
def test_cross_merges_at_once_leave_one_case_open(hold):
    merged, _, both = cross_merge(hold)
    assert len(merged) <= 1, (
        f"both merges went through: {[(c.pk, c.status, c.merged_into_id) for c in both]}"
    )
    assert any(c.kind is not Kind.CLOSED for c in both), "both duplicates closed"


def test_the_refused_cross_merge_gets_a_clear_error():
    _, refused, _ = cross_merge(0.2)
    clear = (TongxinError, IllegalTransition)
    assert refused and all(isinstance(e, clear) for e in refused), (
        f"the loser got {refused!r}, not a clear refusal (IllegalTransition/ValidationFailed)"
    )
