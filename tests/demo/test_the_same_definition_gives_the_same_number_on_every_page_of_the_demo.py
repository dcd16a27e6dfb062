"""One meaning per number, on the demo: 当前超期 is the same count in the sidebar, the case
list's overdue filter, the overdue board (超期看板), the dashboard and big screen (one JSON)
and the API; the funnel is one cohort whose stages nest (立案 ≥ 办结 ≥ 评价 ≥ 满意) and each
stage is the case list's count for the same dates; 办结率 and 满意率 with their n are those
counts, and the month's report computes the same rates."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.demo.test_every_account_the_readme_names_exists_in_the_demo import PASSWORD
from tongxin.accounts.models import User
from tongxin.analytics import dashboard
from tongxin.analytics.stats import rebuild
from tongxin.scoring.metrics import compute
from tongxin.scoring.periods import aware
from tongxin.scoring.selectors import cases_for
from tongxin.supervision.selectors import overdue_board
from tongxin.workbench.context import Navigation

ACCOUNTS = ("dispatcher", "street_dispatcher", "leader")


def listed(client: Client, query: str) -> int:
    html = client.get(f"/cases/?{query}").content.decode()
    return int(re.search(r'data-results-count="(\d+)"', html).group(1))


def api_count(client: Client, query: str) -> int:
    total, cursor = 0, ""
    while True:
        body = client.get(f"/api/v1/cases?limit=200&{query}{cursor}").json()
        total += len(body["items"])
        if not body["next_cursor"]:
            return total
        cursor = f"&cursor={body['next_cursor']}"


@pytest.fixture
def signed_in(demo):
    rebuild()  # the daily summary as the worker keeps it

    def _client(username: str) -> Client:
        client = Client()
        assert client.login(username=username, password=PASSWORD)
        return client
    return _client


@pytest.mark.parametrize("username", ACCOUNTS)
def test_overdue_now_is_one_number_everywhere(signed_in, username):
    user, client = User.objects.get(username=username), signed_in(username)
    sidebar = Navigation(user).queue_counts["overdue"]
    board_page = client.get("/supervision/overdue/").content.decode()
    board = int(re.search(r'data-results-count="(\d+)"', board_page).group(1))
    screen = client.get("/analytics/api/dashboard.json").json()["kpis"]["overdue"]
    figures = {
        "sidebar": sidebar, "case list": listed(client, "queue=all&overdue=on"),
        "board": board, "board selector": overdue_board(user).count(),
        "dashboard": dashboard.build(user)["kpis"]["overdue"], "big screen": screen,
        "api": api_count(client, "overdue=true"),
    }
    assert len(set(figures.values())) == 1, figures
    if username == "dispatcher":
        assert sidebar > 0, "the demo shows overdue cases to the district"


@pytest.mark.parametrize("period", ["month", "year"])
def test_the_funnel_and_its_rates_are_the_case_lists_counts(signed_in, period):
    user, client = User.objects.get(username="dispatcher"), signed_in("dispatcher")
    data = client.get(f"/analytics/api/dashboard.json?period={period}").json()
    dates = f"queue=all&date_from={data['since']}&date_to={data['until']}"
    stages = {s["key"]: s["count"] for s in data["funnel"]}
    assert list(stages) == ["received", "registered", "closed", "rated", "satisfied"]
    counts = list(stages.values())
    assert counts == sorted(counts, reverse=True), f"stages must nest: {stages}"
    assert stages["registered"] > 0
    for stage, count in stages.items():
        assert listed(client, f"{dates}&stage={stage}") == count, stage
        assert api_count(client, f"created_from={data['since']}&created_to={data['until']}"
                                 f"&stage={stage}") == count, stage
    # Each stage's link on the dashboard opens exactly that list.
    for s in data["funnel"]:
        assert listed(client, s["url"].split("?", 1)[1]) == s["count"]

    closure, satisfaction = data["bases"]["closure_rate"], data["bases"]["satisfaction_rate"]
    assert closure == {"numerator": stages["closed"], "n": stages["registered"],
                       "text": closure["text"]}
    assert str(closure["n"]) in closure["text"]
    assert data["kpis"]["closure_rate"] == round(stages["closed"] / stages["registered"], 4)
    rated = listed(client, f"{dates}&rating=rated")
    satisfied = listed(client, f"{dates}&rating=satisfied")
    assert (satisfaction["n"], satisfaction["numerator"]) == (rated, satisfied)
    assert str(rated) in satisfaction["text"]
    assert data["kpis"]["satisfaction_rate"] == (round(satisfied / rated, 4) if rated else None)

    # The assessment report of the same days computes the same rates over the same cohort.
    start = aware(dashboard.period_start(period, timezone.localdate()))
    end = aware(timezone.localdate() + timedelta(days=1))
    report = compute(cases_for(user), start=start, end=end, as_of=timezone.now())[0]
    for key in ("closure_rate", "satisfaction_rate", "on_time_closure_rate", "rework_rate"):
        assert report[key] == data["kpis"][key], key
    assert report["counts"]["rated"] == rated
