"""The dashboard's figures are the DESIGN.md metrics — 办结率 closed/registered, 按期办结率
closed on time/closed, 满意率 (satisfied + basically)/rated, 超期数 — and the daily summary
gives exactly what the live case table gives."""

from datetime import timedelta

from django.utils import timezone

from tests.analytics.helpers import mixed_cases
from tongxin.analytics import dashboard
from tongxin.analytics.scope import Audience, Filters, Source
from tongxin.cases.models import Case


def test_dashboard_figures_follow_the_design_definitions(world):
    cases = mixed_cases(world)
    # One case past its finish deadline: 超期数 counts it.
    Case.objects.filter(pk=cases["in_progress"].pk).update(
        finish_deadline=timezone.now() - timedelta(hours=1))

    data = dashboard.build(world.user("dispatcher"), period="month")
    kpis = data["kpis"]
    assert data["summarised"] is True
    assert kpis["received"] == 7 and kpis["today"] == 7
    assert kpis["registered"] == 4  # rejected and new reports were never registered
    assert kpis["closed"] == 2
    assert kpis["closure_rate"] == 0.5
    assert kpis["on_time_closure_rate"] == 1.0
    assert kpis["satisfaction_rate"] == 0.5
    assert kpis["overdue"] == 1
    assert [c["id"] for c in data["overdue"]] == [cases["in_progress"].pk]
    assert {c["channel"]: c["today"] for c in data["channels"]} == {"portal": 6, "hotline": 1}
    assert [s["count"] for s in data["funnel"]] == [7, 4, 2, 2, 1]

    # The live table, read through the jurisdiction filter, agrees with the summary.
    live = Source(Audience.of(world.user("dispatcher")))
    live.scope = None
    today = timezone.localdate()
    assert live.totals(Filters(since=today, until=today)) == {
        k: kpis[k] for k in live.totals(Filters(since=today, until=today))}


def test_rates_are_empty_not_zero_when_nothing_is_counted(world):
    data = dashboard.build(world.user("dispatcher"), period="today")
    assert data["kpis"]["received"] == 0
    assert data["kpis"]["closure_rate"] is None
    assert data["kpis"]["satisfaction_rate"] is None
