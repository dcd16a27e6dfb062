"""GET /api/v1/people?grid=: paged by id, jurisdiction-filtered, the ID number and phone
masked; POST /api/v1/people/lookup finds one by ID number sent in the body."""

from tests.basedata.api import api_as
from tests.basedata.people import citizen_id, person


def test_the_list_is_masked_paged_and_filtered(world):
    for serial in range(3):
        person(world.grids["A1"], serial, phone="13812345678")
    person(world.grids["B1"], 9)
    client = api_as(world.user("grid_a1"))

    first = client.get("/api/v1/people", {"grid": world.grids["A1"].code, "limit": 2}).json()
    assert len(first["items"]) == 2 and first["next_after"]
    rest = client.get("/api/v1/people", {"after": first["next_after"]}).json()
    assert len(rest["items"]) == 1 and rest["next_after"] is None

    shown = first["items"][0]
    assert shown["id_number"] == citizen_id(0)[:6] + "********" + citizen_id(0)[-4:]
    assert shown["phone"] == "138****5678"
    everyone = client.get("/api/v1/people", {"limit": 200}).json()["items"]
    assert len(everyone) == 3  # B1's person is outside grid_a1's jurisdiction


def test_lookup_by_id_number_in_the_body(world):
    person(world.grids["A1"], 5, name="张三")
    client = api_as(world.user("grid_a1"))
    typed = citizen_id(5)[:6] + " " + citizen_id(5)[6:]
    found = client.post("/api/v1/people/lookup", {"id_number": typed},
                        content_type="application/json")
    assert found.status_code == 200 and found.json()["name"] == "张三"
    other = api_as(world.user("street_b")).post(
        "/api/v1/people/lookup", {"id_number": citizen_id(5)}, content_type="application/json")
    assert other.status_code == 404


def test_a_lookup_with_what_cannot_be_an_id_number_is_a_400(world):
    client = api_as(world.user("grid_a1"))
    for bad in ("张三的身份证", "12345", "370402 1985 0315 013 Y"):
        response = client.post("/api/v1/people/lookup", {"id_number": bad},
                               content_type="application/json")
        assert response.status_code == 400 and response.json()["detail"]
