"""GET /cases/{id}: the case, its audit trail and attachments; outside jurisdiction = 404."""

from tests.api.support import POINT_B1, Api, case_body, token_for


def test_detail_has_the_timeline_in_order_with_local_times(world):
    api = Api(token_for(world.user("street_a")))
    case = api.post("/cases", case_body()).json()
    api.post(f"/cases/{case['id']}/actions/register", {"note": "核实属实"})

    detail = api.get(f"/cases/{case['id']}").json()

    assert [e["action"] for e in detail["timeline"]] == ["report", "register"]
    assert detail["timeline"][1]["note"] == "核实属实"
    assert detail["timeline"][1]["from_status"] == "reported"
    assert detail["timeline"][1]["to_status"] == "registered"
    assert detail["created_at"].endswith("+08:00")
    assert "dispatch" in detail["actions"]


def test_a_case_in_another_street_looks_like_a_missing_one(world):
    district = Api(token_for(world.user("dispatcher")))
    lat, lng = POINT_B1
    other = district.post("/cases", case_body(lat=lat, lng=lng)).json()
    street_a = Api(token_for(world.user("street_a")))

    hidden = street_a.get(f"/cases/{other['id']}")
    missing = street_a.get("/cases/999999")

    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    action = street_a.post(f"/cases/{other['id']}/actions/register", {})
    assert action.status_code == 404


def test_personal_data_is_masked_for_a_department_handler(world):
    dispatcher = Api(token_for(world.user("street_a")))
    case = dispatcher.post("/cases", case_body()).json()
    dispatcher.post(f"/cases/{case['id']}/actions/register", {})
    dispatcher.post(f"/cases/{case['id']}/actions/dispatch", {"lead_department": "cg"})

    seen = Api(token_for(world.user("handler"))).get(f"/cases/{case['id']}").json()

    assert seen["reporter_phone"] == "138****5678"
    assert seen["reporter_name"] == "张*"
    assert dispatcher.get(f"/cases/{case['id']}").json()["reporter_phone"] == "13812345678"
