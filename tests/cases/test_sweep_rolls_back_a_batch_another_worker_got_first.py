"""If a batch's UPDATE matches fewer cases than it claimed — another worker warned some
first, possible where rows cannot be locked — the batch is rolled back and claimed again, so
no case is warned twice."""

from collections import Counter

from tests.supervision.helpers import dispatched, fast_passwords, local  # noqa: F401
from tongxin.cases import sweep as sweep_module
from tongxin.cases.models import Case, CaseEvent
from tongxin.cases.sweep import sweep


def test_a_stale_claim_is_retried(world, monkeypatch):
    first = dispatched(world, local(2026, 11, 16, 9))
    sweep(now=local(2026, 11, 24, 9))  # `first` is red now
    second = dispatched(world, local(2026, 11, 16, 9))

    real_claim, calls = sweep_module._claim, []

    def stale_then_real(level, now):
        rows = real_claim(level, now)
        if not calls and rows:
            calls.append(level)
            # What a worker without row locks could have read a moment ago.
            stale = Case.objects.only(*sweep_module.FIELDS).get(pk=first.pk)
            return [stale, *rows]
        return rows

    monkeypatch.setattr(sweep_module, "_claim", stale_then_real)

    assert sweep(now=local(2026, 11, 24, 10)) == {"red": 1, "yellow": 0}
    events = Counter(CaseEvent.objects.filter(action="warn_red").values_list("case_id",
                                                                             flat=True))
    assert events == {first.pk: 1, second.pk: 1}
