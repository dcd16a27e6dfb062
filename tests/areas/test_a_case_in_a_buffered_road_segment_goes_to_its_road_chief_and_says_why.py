"""Triage routes a case of a covered category inside a road segment's buffer to the road's
unit, dispatches it when the category is sure, and writes why on the case."""

from tests.cases.loop import report
from tongxin.areas.models import RoutedCase
from tongxin.cases.models import Status
from tongxin.triage.services import triage_case

ON_THE_ROAD = (34.0503, 117.1)  # about 33 m north of the centre line
OFF_THE_ROAD = (34.06, 117.1)  # 1.1 km away, same grid


def test_a_covered_category_on_the_road_is_dispatched_to_the_road_chief(world, road):
    case = report(world, title="建设路中段路灯不亮已经三天了", point=ON_THE_ROAD,
                  category=world.categories["light"])
    result = triage_case(case_id=case.pk)
    case.refresh_from_db()

    assert case.status == Status.DISPATCHED
    assert case.lead_department == road.department
    dispatch = case.events.get(action="dispatch")
    assert "建设路（中段）" in dispatch.note and "二级路长: 王强" in dispatch.note
    assert result is not None and result.suggestions[0]["area"] == "road-jsl-1"
    assert RoutedCase.objects.get(case=case).area == road


def test_the_same_case_off_the_road_goes_to_the_category_unit(world, road):
    case = report(world, title="小区门口路灯不亮已经三天了", point=OFF_THE_ROAD,
                  category=world.categories["light"])
    triage_case(case_id=case.pk)
    case.refresh_from_db()
    assert case.lead_department != road.department
    assert not RoutedCase.objects.filter(case=case).exists()


def test_a_category_the_road_does_not_cover_is_not_the_road_chiefs(world, road):
    case = report(world, title="建设路上有一栋房屋开裂很危险", point=ON_THE_ROAD,
                  category=world.categories["top"])
    triage_case(case_id=case.pk)
    case.refresh_from_db()
    assert case.lead_department != road.department
