"""A map point outside every region is not lost: the report lands at the district command
center marked "outside jurisdiction" for a dispatcher to reject or pass on. Without a point,
the address text places the case through the gazetteer."""

from __future__ import annotations

from .loop import report

JUST_EAST = (34.1, 117.45)  # about 4.6 km east of the test district's boundary


def test_a_point_outside_lands_at_the_district_marked(world):
    case = report(world, point=JUST_EAST)
    assert case.outside_jurisdiction
    assert case.owner_region == world.district and case.street is None
    assert not report(world).outside_jurisdiction


def test_the_address_places_a_case_without_a_point(world):
    case = report(world, point=None, address="测试区B2社区菜市场门口")
    assert case.community == world.communities["B2"] and case.owner_region == world.streets["B"]
    assert not case.outside_jurisdiction
