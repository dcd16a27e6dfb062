"""An approved extension makes the approved date the deadline — the pause adds nothing to
it — and the warnings follow the new deadline."""

from tests.supervision.helpers import act, fast_passwords, in_progress, local, warnings_of  # noqa: F401
from tongxin.cases.sweep import sweep


def test_approved_extension(world):
    case = in_progress(world, local(2026, 11, 16, 9))  # due Mon 23rd 17:30

    act(world, case, "extend_request", "handler", local(2026, 11, 19, 10),
        note="需协调供电部门", until=local(2026, 12, 4, 17, 30))
    sweep(now=local(2026, 11, 23, 18))
    assert warnings_of(case) == []

    act(world, case, "extend_approve", "street_a", local(2026, 11, 24, 9))
    case.refresh_from_db()

    assert case.finish_deadline == local(2026, 12, 4, 17, 30)
    assert case.extension_requested_at is None and not case.extension_pending
    assert case.yellow_at > local(2026, 11, 24, 9)

    sweep(now=local(2026, 11, 24, 9, 1))
    assert warnings_of(case) == []
    sweep(now=case.yellow_at)
    assert warnings_of(case) == ["warn_yellow"]
    sweep(now=local(2026, 12, 4, 17, 29))
    assert warnings_of(case) == ["warn_yellow"]
    sweep(now=local(2026, 12, 4, 17, 30))
    assert warnings_of(case) == ["warn_yellow", "warn_red"]
