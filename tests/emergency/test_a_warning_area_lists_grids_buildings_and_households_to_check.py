"""POST /emergency/warning-area with a polygon lists the grids it touches, the buildings
inside and the households with an 独居老人 (or 空巢老人, 残疾人) member inside, as a door-to-door
list — to a command centre that reaches the grid; one that does not gets only the counts. A
person outside the polygon is not listed; a broken polygon is a 400 with a message."""

from __future__ import annotations

from django.utils import timezone

from tests.api.support import Api, token_for
from tests.basedata.people import person
from tests.world import square
from tongxin.basedata.models import Building, Enrollment, Tag

AREA = square(117.05, 34.02, 117.15, 34.08)  # inside grid A1 (117.0–117.2, 34.0–34.1)


def test_warning_area(world):
    a1 = world.grids["A1"]
    now = timezone.now()
    lonely = Tag.objects.get(name="独居老人")
    near, far = person(a1, 1), person(a1, 2)
    type(near).objects.filter(pk=near.pk).update(lat=34.05, lng=117.1)
    type(far).objects.filter(pk=far.pk).update(lat=34.09, lng=117.19)
    for p in (near, far):
        Enrollment.objects.create(person=p, tag=lonely, since=now, next_visit_due=now)
    Building.objects.create(code="B-1", name="1号楼", grid=a1, lat=34.05, lng=117.1)
    Building.objects.create(code="B-2", name="2号楼", grid=a1, lat=34.09, lng=117.19)

    listed = Api(token_for(world.user("dispatcher"))).post(
        "/emergency/warning-area", {"geometry": AREA}).json()
    assert [g["code"] for g in listed["grids"]] == [a1.code]
    assert [b["name"] for b in listed["buildings"]] == ["1号楼"]
    assert [(c["person"], c["tag"]) for c in listed["door_to_door"]] == [(near.pk, "独居老人")]
    assert "name" not in listed["door_to_door"][0]

    other = Api(token_for(world.user("street_b"))).post(
        "/emergency/warning-area", {"geometry": AREA}).json()
    assert other["door_to_door"] == [] and other["buildings"] == []
    assert other["hidden_by_grid"] == {a1.name: 1}

    api = Api(token_for(world.user("dispatcher")))
    for bad in ({"type": "Point", "coordinates": [117.1, 34.05]},
                {"type": "Polygon", "coordinates": [[[117.1, 34.05]]]}, "nonsense"):
        response = api.post("/emergency/warning-area", {"geometry": bad})
        assert response.status_code in (400, 422), bad
        assert response.json()["detail"]
    bad = api.post("/emergency/warning-area", {"geometry": {"type": "Polygon", "coordinates": [
        [[117.1, 34.05], [117.2, 34.05], [117.1, 34.05], [117.1, 34.05]]]}})
    assert bad.status_code == 400
