"""GET /emergency/nearest ranks teams of the speciality (available first, then by distance in
metres), warehouses holding the needed item with their quantity, and experts of the field;
bad coordinates or an unknown kind are a 400 with a message; a unit's handler may not look."""

from __future__ import annotations

from tests.api.support import Api, token_for
from tongxin.emergency.models import Team, TeamStatus


def test_nearest_teams_warehouses_and_experts(world, command):
    api = Api(token_for(world.user("street_a")))
    teams = api.get("/emergency/nearest", lat="34.05", lng="117.1", kind="team",
                    need="燃气").json()
    assert [t["name"] for t in teams] == ["燃气抢险一队", "燃气抢险二队"]
    assert 100 < teams[0]["distance_m"] < 200 and teams[1]["distance_m"] > 15_000
    Team.objects.filter(pk=command.teams["near"].pk).update(status=TeamStatus.COMMITTED)
    teams = api.get("/emergency/nearest", lat="34.05", lng="117.1", kind="team").json()
    assert [t["name"] for t in teams] == ["燃气抢险二队", "燃气抢险一队"]  # available first

    stores = api.get("/emergency/nearest", lat="34.05", lng="117.1", kind="warehouse",
                     need="mask").json()
    assert [(s["name"], s["quantity"], s["unit"]) for s in stores] == [("A街道物资库", 2, "个")]
    assert api.get("/emergency/nearest", lat="34.05", lng="117.1", kind="warehouse",
                   need="沙袋").json() == []
    experts = api.get("/emergency/nearest", lat="34.05", lng="117.1", kind="expert",
                      need="燃气").json()
    assert experts[0]["name"] == "李工" and experts[0]["distance_m"] == 0


def test_bad_input_is_a_400_with_a_message_and_units_may_not_look(world, command):
    api = Api(token_for(world.user("street_a")))
    for params in ({"lat": "north", "lng": "117.1"}, {"lat": "95", "lng": "117.1"},
                   {"lng": "117.1"}, {"lat": "34.05", "lng": "117.1", "kind": "boat"}):
        response = api.get("/emergency/nearest", **params)
        assert response.status_code == 400, params
        assert response.json()["detail"]
    handler = Api(token_for(world.user("handler")))
    assert handler.get("/emergency/nearest", lat="34.05", lng="117.1").status_code == 403
    assert handler.get("/emergency/plans").status_code == 403
