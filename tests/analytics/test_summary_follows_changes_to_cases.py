"""The daily summary catches up with every change (each appends a CaseEvent): after a case
is closed and rated, the next refresh moves it from open to closed in the counts."""

from tests.analytics.helpers import mixed_cases
from tests.cases.loop import act
from tongxin.analytics.models import CaseDailyStat, Dimension
from tongxin.analytics.stats import rebuild, refresh_dirty


def counts(dimension):
    return {r.value: r.received for r in CaseDailyStat.objects.filter(
        dimension=dimension, department__isnull=True) if r.received}


def test_summary_follows_changes_to_cases(world):
    cases = mixed_cases(world)
    assert counts(Dimension.STATUS) == {"closed": 2, "registered": 1, "rejected": 1,
                                        "in_progress": 1, "reported": 2}
    assert refresh_dirty() == {"days": 0, "rows": 0}  # nothing new

    case = act(world, cases["in_progress"], "reply", "handler", note="已修复")
    act(world, case, "verify_pass", "street_a")
    assert refresh_dirty()["days"] == 1
    assert counts(Dimension.STATUS) == {"closed": 3, "registered": 1, "rejected": 1,
                                        "reported": 2}

    # A full rebuild gives the same rows as the incremental refreshes.
    before = sorted(_rows(), key=repr)
    rebuild()
    after = sorted(_rows(), key=repr)
    assert after == before


def _rows() -> list[tuple]:
    return [(r.day, r.street_id, r.department_id, r.dimension, r.value, r.received, r.closed)
            for r in CaseDailyStat.objects.all()]
