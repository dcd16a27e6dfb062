"""The map's object layer (/analytics/api/objects.json) carries the responsibility areas in
the box: a road as its buffer polygon with its unit and chiefs; none outside the box."""

from shapely.geometry import Point, shape


def test_the_road_is_drawn_with_its_chief(world, road, client):
    client.force_login(world.user("dispatcher"))
    body = client.get("/analytics/api/objects.json", {"bbox": "117,34,117.4,34.2"}).json()
    [feature] = body["areas"]
    assert feature["properties"]["name"] == "建设路（中段）"
    assert feature["properties"]["chiefs"] == ["二级路长 王强"]
    assert shape(feature["geometry"]).contains(Point(117.1, 34.0503))  # the buffer, not the line

    elsewhere = client.get("/analytics/api/objects.json", {"bbox": "117.3,34.1,117.4,34.2"})
    assert elsewhere.json()["areas"] == []
