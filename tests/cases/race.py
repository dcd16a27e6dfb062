"""Two dispatchers, one case, the same moment: the race used by
test_two_dispatchers_at_once_exactly_one_wins, in-process on PostgreSQL and, run as
`python -m tests.cases.race`, in a child process on a fresh SQLite file (the in-memory SQLite
test database cannot host two writing connections)."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Outcome:
    won: list[int] = field(default_factory=list)  # department ids of the winners
    lost: list[BaseException] = field(default_factory=list)

    def summary(self, case_id: int) -> dict:
        from tongxin.cases.models import Case, CaseEvent

        case = Case.objects.get(pk=case_id)
        return {
            "won": self.won,
            "lost": [type(e).__name__ + (f":{e.state}" if hasattr(e, "state") else f":{e}")
                     for e in self.lost],
            "status": case.status,
            "lead": case.lead_department_id,
            "dispatch_events": CaseEvent.objects.filter(case=case, action="dispatch").count(),
        }


def race(case_id: int, contenders: list[tuple[int, int]], hold: float = 0.0) -> Outcome:
    """services.act(dispatch) for each (user id, department id), each in its own thread and
    so its own database connection, released together by a barrier. With `hold`, whoever
    locks the row first keeps it that long, so the other is certainly waiting on the lock."""
    from tongxin.org.models import Department

    def dispatch_to(department_id: int):
        def inputs():
            from tongxin.cases.services import ActionInput

            lead = Department.objects.get(pk=department_id)
            return ActionInput(lead_department=lead, note=f"派 {lead.code}")

        return inputs

    results = act_at_once(
        [(case_id, user_id, "dispatch", dispatch_to(dept)) for user_id, dept in contenders],
        hold,
    )
    outcome = Outcome()
    for (_, department_id), result in zip(contenders, results, strict=True):
        if isinstance(result, BaseException):
            outcome.lost.append(result)
        else:
            outcome.won.append(department_id)
    return outcome


def act_at_once(calls: list[tuple[int, int, str, Callable[[], object]]],
                hold: float = 0.0) -> list[object]:
    """Run services.act(case_id, actor, action, inputs()) for each call in its own thread
    (and so its own database connection), released together by a barrier. Returns, in order,
    the resulting Case or the exception raised. With `hold`, each call keeps the row it
    locked that long before going on, so the others are certainly waiting or interleaved."""
    from django.db import connection

    from tongxin.accounts.models import User
    from tongxin.cases import services

    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def call(index: int, case_id: int, user_id: int, action: str, inputs) -> None:
        try:
            actor = User.objects.get(pk=user_id)
            data = inputs()
            barrier.wait(timeout=10)
            results[index] = services.act(case_id=case_id, actor=actor, action=action,
                                          data=data)
        except BaseException as exc:  # noqa: BLE001 - the caller inspects it
            results[index] = exc
        finally:
            connection.close()  # this thread's own connection

    original = services._locked_visible_case

    def holding(case_id: int, actor, **kwargs):
        locked = original(case_id, actor, **kwargs)
        time.sleep(hold)
        return locked

    if hold:
        services._locked_visible_case = holding  # type: ignore[assignment]
    try:
        threads = [threading.Thread(target=call, args=(i, *c)) for i, c in enumerate(calls)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert not any(t.is_alive() for t in threads), "a contender hung"
    finally:
        services._locked_visible_case = original  # type: ignore[assignment]
    return results


def rounds(world, n: int, hold: float) -> list[dict]:
    """`n` fresh registered cases, each dispatched at once by the street and the district
    dispatcher to different departments; one summary per case."""
    from tongxin.cases import services
    from tongxin.cases.services import NewCase

    street_a, district = world.users["street_a"], world.users["dispatcher"]
    cg, zj = world.departments["cg"], world.departments["zj"]
    out = []
    for _ in range(n):
        case = services.create_case(
            actor=None, new=NewCase(channel="hotline", title="井盖缺失", region=world.grids["A1"]))
        services.act(case_id=case.pk, actor=world.user("street_a"), action="register")
        outcome = race(case.pk, [(street_a.pk, cg.pk), (district.pk, zj.pk)], hold)
        out.append(outcome.summary(case.pk))
    return out


def main() -> None:
    """Child process: a fresh SQLite file with the production settings (WAL, BEGIN
    IMMEDIATE), migrated, the test world built, the race run; JSON summaries on stdout."""
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    # RAM-backed when the machine has it: the race is about locks, not about fsync.
    shm = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    with tempfile.TemporaryDirectory(dir=shm) as tmp:
        os.environ.pop("DATABASE_URL", None)
        os.environ["TONGXIN_SQLITE_PATH"] = os.path.join(tmp, "race.sqlite3")
        os.environ["TONGXIN_DATA_DIR"] = tmp
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command

        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        call_command("migrate", verbosity=0, interactive=False)
        from tests.world import build_world

        world = build_world()
        result = {"departments": [world.departments["cg"].pk, world.departments["zj"].pk],
                  "free": rounds(world, n, 0.0), "held": rounds(world, n, 0.1)}
        from django.db import connections

        connections.close_all()
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
