"""The API names likely duplicates: in the response to a new report (`possible_duplicates`)
and at GET /cases/{id}/similar — only open cases the caller may see."""

from tests.api.support import POINT_B1, Api, case_body, token_for

LAMP = {"title": "幸福路128号路灯不亮", "description": "晚上一片漆黑"}


def test_a_new_report_lists_the_open_case_of_the_same_problem(world):
    api = Api(token_for(world.user("dispatcher")))
    first = api.post("/cases", case_body(**LAMP)).json()
    assert first["possible_duplicates"] == []

    second = api.post("/cases", case_body(**LAMP, lat=34.0501, lng=117.1001)).json()
    [hint] = second["possible_duplicates"]
    assert hint["id"] == first["id"] and hint["number"] == first["number"]
    assert 0 < hint["score"] <= 1 and hint["reasons"]

    similar = api.get(f"/cases/{second['id']}/similar").json()
    assert [s["id"] for s in similar] == [first["id"]]
    assert api.get(f"/cases/{first['id']}/similar").json()[0]["id"] == second["id"]


def test_similar_hides_other_jurisdictions(world):
    district = Api(token_for(world.user("dispatcher")))
    lat, lng = POINT_B1
    b1 = district.post("/cases", case_body(**LAMP, lat=lat, lng=lng)).json()
    district.post("/cases", case_body(**LAMP, lat=lat, lng=lng + 0.0001))
    street_a = Api(token_for(world.user("street_a")))

    assert street_a.get(f"/cases/{b1['id']}/similar").status_code == 404
    assert len(district.get(f"/cases/{b1['id']}/similar").json()) == 1
