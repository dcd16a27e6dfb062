"""The map's base-data layer (/analytics/api/objects.json): buildings and components as
points, devices with their live state (in alarm when one is open), special populations only
as a count per grid — and nothing outside the caller's jurisdiction."""

from django.utils import timezone

from tests.basedata.people import person
from tests.sensing.fleet import device, smoke, smoke_profile
from tongxin.basedata.models import Building, Enrollment, Tag
from tongxin.sensing import ingest


def test_the_layer_within_the_jurisdiction(world, client):
    a1 = world.grids["A1"]
    a1.center_lat, a1.center_lng = 34.05, 117.1
    a1.save()
    Building.objects.create(code="B-1", name="1号楼", grid=a1, lat=34.05, lng=117.1)
    Enrollment.objects.create(person=person(a1, 1), tag=Tag.objects.get(name="社区矫正"),
                              since=timezone.now(), next_visit_due=timezone.now())
    device(world, smoke_profile())
    ingest.process(smoke("SMK-1", 1, 1))

    client.force_login(world.user("dispatcher"))
    body = client.get("/analytics/api/objects.json", {"bbox": "117,34,117.4,34.2"}).json()
    assert [(o["kind"], o["name"]) for o in body["items"]] == [("building", "1号楼")]
    assert [(d["code"], d["alarm"]) for d in body["devices"]] == [("SMK-1", "fire")]
    assert body["special"] == [{"grid": a1.name, "count": 1, "lat": 34.05, "lng": 117.1}]
    assert "社区矫正" not in str(body)  # counts, never who or why

    client.force_login(world.user("street_b"))
    other = client.get("/analytics/api/objects.json").json()
    assert other["items"] == [] and other["devices"] == [] and other["special"] == []
    assert client.get("/analytics/api/objects.json", {"bbox": "x"}).status_code == 400
