"""A malformed filter is a 400 with a message naming the parameter, never a 500."""

import json

import pytest

from tests.analytics.helpers import client_for


@pytest.mark.parametrize(("query", "word"), [
    ("zoom=abc", "zoom"),
    ("zoom=40", "zoom"),
    ("bbox=1,2,3", "bbox"),
    ("since=2026-13-01", "since"),
    ("since=2026-05-02&until=2026-05-01", "since"),
    ("status=lost", "status"),
    ("channel=pigeon", "channel"),
    ("category=x", "category"),
])
def test_bad_map_parameters_get_a_clear_400(world, query, word):
    response = client_for(world, "dispatcher").get(f"/analytics/api/points.json?{query}")
    assert response.status_code == 400
    assert word in json.loads(response.content)["error"]


def test_unknown_dashboard_period_is_refused(world):
    response = client_for(world, "dispatcher").get("/analytics/api/dashboard.json?period=decade")
    assert response.status_code == 400
