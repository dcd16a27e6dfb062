"""`GET /api/v1/areas/locate?lat=&lng=` answers the areas holding a point today (a road's
buffer counts), `GET /api/v1/areas?kind=` lists them; bad coordinates are a 422."""

from datetime import date, timedelta

from django.utils import timezone

from tests.api.support import Api, token_for
from tongxin.org.models import DepartmentKind

from .support import compound_area, unit


def test_a_point_on_the_road_and_in_the_compound(world, road):
    company = unit(world, "wy", "幸福物业", DepartmentKind.PROPERTY)
    compound_area(world, "xfjy", company, valid_from=date(2020, 1, 1))
    ended = compound_area(world, "xfjy-old", company, valid_from=date(2010, 1, 1),
                          valid_to=timezone.localdate() - timedelta(days=1))
    api = Api(token_for(world.user("dispatcher")))

    on_road = api.get("/areas/locate", lat=34.0503, lng=117.1).json()
    assert [(a["code"], a["chiefs"][0]["name"]) for a in on_road] == [("road-jsl-1", "王强")]
    in_compound = api.get("/areas/locate", lat=34.065, lng=117.165).json()
    assert [a["code"] for a in in_compound] == ["xfjy"]  # not the one that ended
    assert api.get("/areas/locate", lat=34.3, lng=117.1).json() == []

    roads = api.get("/areas", kind="road_segment").json()
    assert [a["code"] for a in roads] == ["road-jsl-1"]
    assert ended.code not in [a["code"] for a in api.get("/areas").json()]


def test_bad_coordinates_are_refused_with_a_message(world):
    api = Api(token_for(world.user("dispatcher")))
    response = api.get("/areas/locate", lat=95, lng=117.1)
    assert response.status_code == 422 and response.json()["detail"]
    assert api.get("/areas", kind="moon").status_code == 422
