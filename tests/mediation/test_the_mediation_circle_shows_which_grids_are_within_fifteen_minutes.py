"""The 15分钟调解圈: each grid's minutes to the nearest mediation point (straight line, 5 km/h,
detour 1.3), the share of grids and buildings within 15 minutes, on the API and the page."""

from __future__ import annotations

import numpy as np
import pytest
from shapely.geometry import shape

from tests.api.support import Api, token_for
from tongxin.basedata.models import Building
from tongxin.mediation.circle import circle, minutes, reach_km
from tongxin.mediation.models import MediationOrg

from .test_the_dispute_pages_take_a_mediation_from_assignment_to_the_dossier import client_of


def test_fifteen_minutes_reach_about_960_metres_in_a_straight_line():
    assert reach_km() == pytest.approx(15 / 60 * 5 / 1.3)
    assert float(minutes(np.array([1.0]))[0]) == pytest.approx(15.6)


def test_a_grid_beside_a_point_is_within_and_a_far_one_is_not(world, centre):
    grids = world.grids  # squares of 0.2° × 0.1°: their points lie kilometres apart
    near, far = grids["A1"], grids["B2"]
    inner = shape(near.geometry).representative_point()
    MediationOrg.objects.filter(pk=centre.committee.pk).update(lat=inner.y, lng=inner.x)
    MediationOrg.objects.filter(pk=centre.district.pk).update(lat=None, lng=None)
    Building.objects.create(code="b1", name="1号楼", grid=near, lat=inner.y, lng=inner.x)
    Building.objects.create(code="b2", name="2号楼", grid=far, lat=inner.y + 0.5, lng=inner.x)

    data = circle()
    by_code = {f["properties"]["code"]: f["properties"] for f in data["grids"]}
    assert by_code[near.code]["within"] and by_code[near.code]["minutes"] == 0
    assert not by_code[far.code]["within"] and by_code[far.code]["minutes"] > 15
    assert data["grids_total"] == len(grids) and data["grids_within"] >= 1
    assert (data["buildings_within"], data["buildings_total"]) == (1, 2)
    assert data["method"] == "straight_line" and data["reach_m"] == 962


def test_the_page_and_the_api_show_the_circle(world, centre):
    page = client_of(centre.user("med_li")).get("/mediation/circle/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'id="circle-data"' in body and 'data-testid="slow-grids"' in body
    assert "15分钟调解圈" in body and "未使用路网数据" in body
    api = Api(token_for(centre.user("med_li"))).get("/mediation/circle").json()
    assert api["grids_total"] == len(world.grids) and len(api["points"]) == 2
    assert client_of(world.user("citizen")).get("/mediation/circle/").status_code == 403
