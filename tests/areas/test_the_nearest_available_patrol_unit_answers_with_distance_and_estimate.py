"""The desk posts each patrol unit's status and position; "nearest available" skips busy
and off-duty units and answers with the distance and an arrival estimate."""

from tests.api.support import Api, token_for
from tongxin.areas.models import PoliceUnit
from tongxin.cases.models import Channel
from tongxin.org.models import DepartmentKind

from .support import police_desk, unit


def test_nearest_available_unit(world):
    station = unit(world, "pcs-a", "A街道派出所", DepartmentKind.POLICE)
    for sign in ("A01", "A02", "A03"):
        PoliceUnit.objects.create(call_sign=sign, name=f"巡逻车{sign}", department=station)
    desk = Api(token_for(police_desk(world), Channel.POLICE))
    assert desk.post("/police/units/A01/status",
                     {"status": "available", "lat": 34.06, "lng": 117.1}).status_code == 200
    desk.post("/police/units/A02/status", {"status": "busy", "lat": 34.051, "lng": 117.1})
    desk.post("/police/units/A03/status", {"status": "available", "lat": 34.09, "lng": 117.1})

    rows = Api(token_for(world.user("dispatcher"))).get("/police/units/nearest",
                                                        lat=34.05, lng=117.1).json()
    assert [r["call_sign"] for r in rows] == ["A01", "A03"]
    assert 1100 <= rows[0]["distance_m"] <= 1125  # 0.01° of latitude
    assert rows[0]["eta_min"] > 1


def test_bad_status_posts_are_refused(world):
    station = unit(world, "pcs-a", "A街道派出所", DepartmentKind.POLICE)
    PoliceUnit.objects.create(call_sign="A01", name="巡逻车", department=station)
    desk = Api(token_for(police_desk(world), Channel.POLICE))
    assert desk.post("/police/units/A01/status", {"status": "asleep"}).status_code == 422
    half = desk.post("/police/units/A01/status", {"status": "busy", "lat": 34.05})
    assert half.status_code == 422 and half.json()["detail"]
    assert desk.post("/police/units/NOPE/status", {"status": "busy"}).status_code == 404
