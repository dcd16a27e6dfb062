"""A department's dashboard reads the summary's department rows, and they count exactly the
cases the department may see (lead or co-handler, once each) — the same figures as the live
table behind the jurisdiction filter. A department mixed with other scopes reads live."""

from datetime import timedelta

from django.utils import timezone

from tests.analytics.helpers import POINT_B1, mixed_cases
from tests.cases.loop import report
from tests.world import _user
from tongxin.accounts.models import Membership, Role
from tongxin.analytics import dashboard
from tongxin.analytics.scope import Audience, Filters, Source
from tongxin.analytics.stats import rebuild

GROUPS = (("channel",), ("status",), ("cat2",), ("lead_department_id",), ("street_id",),
          ("day",), ())


def _rows(source: Source, group: tuple, filters: Filters) -> list:
    rows = [dashboard.figures(r) | {k: r[k] for k in group} for r in source.rows(group, filters)]
    return sorted((r for r in rows if r["received"]), key=repr)


def test_department_rows_count_what_the_department_sees(world):
    cases = mixed_cases(world)
    cg, zj = world.departments["cg"], world.departments["zj"]
    # cg co-handles a street B case led by zj, and one it also leads (counted once).
    led_by_zj = report(world, point=POINT_B1, title="占道经营")
    led_by_zj.lead_department = zj
    led_by_zj.save(update_fields=["lead_department"])
    led_by_zj.co_departments.add(cg)
    cases["in_progress"].co_departments.add(cg, zj)
    rebuild()

    today = timezone.localdate()
    month = Filters(since=today - timedelta(days=30), until=today)
    for username in ("handler", "handler_zj"):
        summary = Source(Audience.of(world.user(username)))
        assert summary.summarised
        live = Source(Audience.of(world.user(username)))
        live.scope = None
        for group in GROUPS:
            assert _rows(summary, group, month) == _rows(live, group, month), (username, group)
    totals = Source(Audience.of(world.user("handler"))).totals(month)
    assert totals["received"] == Audience.of(world.user("handler")).cases.count()

    # Two departments would count a shared case twice: such a user reads the live table.
    both = _user("both", Role.HANDLER, department=cg)
    Membership.objects.create(user=both, role=Role.HANDLER, department=zj)
    assert not Source(Audience.of(both)).summarised
