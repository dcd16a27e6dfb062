"""`tongxin demo generate --cases N` bulk-inserts N realistic cases over the demo district:
spread over years, streets, categories, channels and states, each with the event trail its
state implies, and folds them into the dashboard's daily summary."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Min, Sum
from django.utils import timezone

from tongxin.analytics.models import CaseDailyStat, Dimension
from tongxin.cases import trail
from tongxin.cases.models import Case, CaseEvent


def test_demo_generate_adds_synthetic_cases_with_events_and_summary(demo_base):
    out = StringIO()
    call_command("demo", "generate", "--cases", "400", "--years", "2", "--seed", "3",
                 stdout=out)
    assert "400" in out.getvalue()

    cases = Case.objects.filter(number__startswith="SG")
    assert cases.count() == 400
    assert cases.values("street").distinct().count() >= 8
    assert cases.values("channel").distinct().count() >= 5
    assert cases.values("category").distinct().count() >= 40
    statuses = set(cases.values_list("status", flat=True))
    assert {"closed", "rejected"} <= statuses
    oldest = cases.aggregate(m=Min("created_at"))["m"]
    assert oldest < timezone.now() - timedelta(days=300)
    assert not cases.filter(created_at__gt=timezone.now()).exists()
    # Written in reporting order, as a live table fills (only the recent bursts are not).
    times = list(cases.order_by("id").values_list("created_at", flat=True))
    in_order = sum(a <= b for a, b in zip(times, times[1:], strict=False))
    assert in_order >= 0.95 * (len(times) - 1)

    # Every case has its trail: a report, and for a closed case every step to closure.
    per_case = dict(CaseEvent.objects.filter(case__in=cases).values("case")
                    .annotate(n=Count("pk")).values_list("case", "n"))
    assert len(per_case) == 400
    closed = cases.filter(status="closed").first()
    assert closed is not None
    assert list(closed.events.values_list("action", flat=True))[:6] == [
        "report", "register", "dispatch", "accept", "reply", "verify_pass"]
    assert closed.registered_at <= closed.dispatched_at <= closed.closed_at
    # Linked into their cases' chains as the bus links events: the audit check holds.
    assert list(trail.verify()) == []

    # The summary counts each case once per dimension: in its region's rows, and in its
    # lead department's rows (the generator sets no co-handlers).
    led = cases.filter(lead_department__isnull=False).count()
    for dimension in Dimension.values:
        rows = CaseDailyStat.objects.filter(dimension=dimension)
        regions = rows.filter(department__isnull=True).aggregate(n=Sum("received"))["n"]
        departments = rows.filter(department__isnull=False).aggregate(n=Sum("received"))["n"]
        assert (regions, departments) == (
            None if dimension == Dimension.STREET else 400, led), dimension


def test_demo_generate_refuses_a_bad_count(demo_base):
    with pytest.raises(CommandError) as error:
        call_command("demo", "generate", "--cases", "0")
    assert error.value.returncode == 2
