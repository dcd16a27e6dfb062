"""POST /cases with a point just across the district boundary is accepted at the district
command center, marked outside jurisdiction; a point far away (a wrong pin) is a 422 with a
message. GET /regions/locate says in words where a point or an address belongs."""

from tests.api.support import Api, case_body, token_for
from tongxin.cases.models import Case
from tongxin.regions.coords import wgs84_to_gcj02

JUST_EAST = (34.1, 117.45)  # about 4.6 km east of the test district's boundary


def test_a_point_just_outside_is_accepted_and_marked(world):
    api = Api(token_for(world.user("dispatcher")))
    near = api.post("/cases", case_body(lat=JUST_EAST[0], lng=JUST_EAST[1]))
    assert near.status_code == 201, near.content
    assert near.json()["outside_jurisdiction"] is True
    assert Case.objects.get(pk=near.json()["id"]).owner_region == world.district

    far = api.post("/cases", case_body(lat=39.9, lng=116.4))  # Beijing
    assert far.status_code == 422  # ValidationFailed, as every bad field value
    assert far.json()["detail"] == "The point is outside the service area."


def test_locate_answers_for_points_and_addresses(world):
    api = Api(token_for(world.user("street_a")))
    inside = api.get("/regions/locate", lat=34.05, lng=117.1).json()
    assert inside["found"] and inside["matched_by"] == "point"
    assert [r["name"] for r in inside["chain"]] == ["测试区", "A街道", "A1社区", "A1网格"]

    lng, lat = wgs84_to_gcj02(117.3, 34.05)  # a phone map's GCJ-02 point in grid B1
    assert api.get("/regions/locate", lat=lat, lng=lng, crs="gcj02").json()["region"]["name"] \
        == "B1网格"

    outside = api.get("/regions/locate", lat=JUST_EAST[0], lng=JUST_EAST[1]).json()
    assert outside["found"] is False and outside["outside_jurisdiction"] is True
    assert "outside the service area" in outside["message"] and "km" in outside["message"]

    by_address = api.get("/regions/locate", address="B2社区东门").json()
    assert by_address["matched_by"] == "address" and by_address["region"]["name"] == "B2社区"

    assert api.get("/regions/locate").status_code == 422
    assert api.get("/regions/locate", lat=34.05).status_code == 422
