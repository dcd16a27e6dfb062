"""The command-center map's 基础数据与设备 layer: turned on, it draws the grid's buildings,
a device in alarm and the count of special populations of the grid (never the people)."""

import pytest
from django.utils import timezone

from tests.basedata.people import person
from tests.e2e.browser_steps import log_in
from tests.e2e.waiting import wait_until
from tests.sensing.fleet import device, smoke, smoke_profile
from tongxin.basedata.models import Building, Enrollment, Tag
from tongxin.sensing import ingest

pytestmark = pytest.mark.browser


def test_the_base_data_layer_draws_buildings_devices_and_counts(page, e2e_world, shoot):
    a1 = e2e_world.grids["A1"]
    Building.objects.create(code="B-1", name="1号楼", grid=a1, lat=34.05, lng=117.1)
    Enrollment.objects.create(person=person(a1, 1), tag=Tag.objects.get(name="独居老人"),
                              since=timezone.now(), next_visit_due=timezone.now())
    device(e2e_world, smoke_profile())
    ingest.process(smoke("SMK-1", 1, 1))

    log_in(page, "dispatcher")
    page.click("[data-nav=map]")
    page.wait_for_selector("#case-map[data-loaded=true]")
    with page.expect_response(lambda r: "/api/objects.json?" in r.url):
        page.check("input[name=objects]")
    wait_until(page, "document.querySelector('#case-map').dataset.deviceCount === '1'")
    assert page.get_attribute("#case-map", "data-object-count") == "1"
    shoot(page, "map-base-data-layer")
    assert page.js_errors == []
