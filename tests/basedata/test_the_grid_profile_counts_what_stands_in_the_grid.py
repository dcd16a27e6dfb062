"""GET /api/v1/grids/{code}/profile: the counts of a grid (or of a community's grids), visits
due and overdue, the share verified in 90 days; refused outside the caller's jurisdiction."""

from datetime import timedelta

from django.utils import timezone

from tests.basedata.api import api_as
from tests.basedata.people import person
from tongxin.basedata.models import Component, Enrollment, House, Household, Organisation, Tag

FIELDS = {"people", "households", "houses", "organisations", "places", "components",
          "special", "visits_due", "visits_overdue", "verified_share_90d"}


def test_the_profile_of_a_grid_and_of_its_community(world):
    a1 = world.grids["A1"]
    now = timezone.now()
    zhang, li = person(a1, 1, name="张三"), person(a1, 2, name="李四")
    person(world.grids["B1"], 3)
    house = House.objects.create(code="H-1", grid=a1, use="rented")
    Household.objects.create(house=house, grid=a1, head=zhang)
    Organisation.objects.create(name="某公司", credit_code="91110000600037341L", grid=a1)
    Component.objects.create(code="3704020101000001", name="井盖", grid=a1)
    lonely = Tag.objects.get(name="独居老人")
    Enrollment.objects.create(person=zhang, tag=lonely, since=now,
                              next_visit_due=now - timedelta(days=2))
    Enrollment.objects.create(person=li, tag=lonely, since=now,
                              next_visit_due=now + timedelta(days=3))

    body = api_as(world.user("grid_a1")).get(f"/api/v1/grids/{a1.code}/profile").json()

    assert set(body) >= FIELDS
    assert (body["people"], body["households"], body["houses"]) == (2, 1, 1)
    assert (body["organisations"], body["components"]) == (1, 1)
    assert body["houses_by_use"] == {"rented": 1}
    assert body["special"] == {"独居老人": 2}
    assert (body["visits_overdue"], body["visits_due"]) == (1, 2)
    # Only the two people were confirmed on the ground (imported or visited) so far.
    assert body["verified_share_90d"] == round(2 / 6, 4)

    community = world.communities["A1"].code
    assert api_as(world.user("dispatcher")).get(
        f"/api/v1/grids/{community}/profile").json()["people"] == 2


def test_a_grid_outside_the_jurisdiction_is_refused(world):
    b1 = world.grids["B1"].code
    response = api_as(world.user("grid_a1")).get(f"/api/v1/grids/{b1}/profile")
    assert response.status_code == 403
    assert response.json()["detail"]
    assert api_as(world.user("grid_a1")).get("/api/v1/grids/nope/profile").status_code == 404
