"""Every command-center endpoint reads through the jurisdiction filter: a street dispatcher
counts, maps and is warned about that street's cases only; a citizen is refused."""

import json

from tests.analytics.helpers import client_for, mixed_cases


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def test_street_dispatcher_sees_only_their_street(world):
    mixed_cases(world)
    district, street_b = client_for(world, "dispatcher"), client_for(world, "street_b")

    assert get(district, "/analytics/api/dashboard.json")["kpis"]["received"] == 7
    assert get(street_b, "/analytics/api/dashboard.json")["kpis"]["received"] == 2
    assert [p["name"] for p in get(street_b, "/analytics/api/dashboard.json")["places"]] == \
        ["B街道"]

    clusters = get(street_b, "/analytics/api/points.json?zoom=10")
    assert clusters["mode"] == "clusters"
    assert sum(c["count"] for c in clusters["items"]) == 2
    points = get(street_b, "/analytics/api/points.json?zoom=17")
    assert points["mode"] == "points" and {p["lng"] for p in points["items"]} == {117.3}
    hexes = get(street_b, "/analytics/api/hexes.json?zoom=12")
    assert sum(f["properties"]["count"] for f in hexes["features"]) == 2

    polygons = get(street_b, "/analytics/api/regions.json?level=community")
    assert sorted(f["properties"]["name"] for f in polygons["features"]) == ["B1社区", "B2社区"]
    everything = get(district, "/analytics/api/regions.json?level=community")
    assert len(everything["features"]) == 4


def test_citizens_are_refused_with_a_message(world):
    response = client_for(world, "citizen").get("/analytics/api/dashboard.json")
    assert response.status_code == 403
    assert json.loads(response.content)["error"]
    assert client_for(world, "citizen").get("/analytics/map/").status_code == 403
