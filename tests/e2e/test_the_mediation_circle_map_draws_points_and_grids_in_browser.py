"""The 15分钟调解圈 page in chromium: the map draws each mediation point with its circle and
every grid, green within 15 minutes and red outside, under the strict CSP, without errors."""

import pytest

from tests.e2e.browser_steps import log_in
from tongxin.mediation.models import Level, MediationOrg, OrgKind
from tongxin.org.models import Department, DepartmentKind

pytestmark = pytest.mark.browser


def test_the_circle_map_draws_the_points_and_the_grids(page, e2e_world, shoot):
    dept = Department.objects.create(code="tj", name="A1社区人民调解委员会",
                                     region=e2e_world.district, kind=DepartmentKind.MEDIATION)
    MediationOrg.objects.create(department=dept, kind=OrgKind.PEOPLES, level=Level.COMMUNITY,
                                region=e2e_world.communities["A1"], lat=34.05, lng=117.1)
    log_in(page, "dispatcher")
    page.goto("/mediation/circle/")
    page.wait_for_selector("#circle-map[data-loaded=true]")
    assert page.get_attribute("#circle-map", "data-points") == "1"
    assert page.locator("#circle-map path.reach").count() == 1
    assert page.locator("#circle-map path.mediation-point").count() == 1
    # the committee stands in the middle of grid A1: the other three grids are outside
    slow = page.locator("[data-testid=slow-grids] tbody tr")
    assert slow.count() == len(e2e_world.grids) - 1 and "A1网格" not in slow.all_inner_texts()
    shoot(page, "mediation-circle")
    assert page.js_errors == []
