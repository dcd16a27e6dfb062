"""A case shows its place's file (一楼一档): the component at its point and the unit that
owns it, the building with its households, a person a dispatcher linked (masked), earlier
cases at the same place; a finding on a visit becomes a case linked to the person."""

import uuid

import pytest
from django.utils import timezone

from tests.basedata.people import citizen_id, person
from tongxin.basedata import services
from tongxin.basedata.models import Building, CaseLink, Component, House, Household
from tongxin.basedata.selectors import place_file
from tongxin.cases.services import NewCase, create_case
from tongxin.core.errors import PermissionDenied

POINT = (34.05, 117.1)


def _case(world, title="井盖破损"):
    return create_case(actor=world.user("dispatcher"), new=NewCase(
        channel="hotline", title=title, lat=POINT[0], lng=POINT[1]))


def test_the_file_shows_the_component_its_owner_the_building_and_earlier_cases(world):
    a1, cg = world.grids["A1"], world.departments["cg"]
    Component.objects.create(code="3704020101000007", name="上水井盖", grid=a1, lat=POINT[0],
                             lng=POINT[1] + 0.0001, department=cg)
    building = Building.objects.create(code="B-1", name="1号楼", grid=a1, lat=POINT[0],
                                       lng=POINT[1])
    Household.objects.create(house=House.objects.create(code="H-1", building=building,
                                                        grid=a1), grid=a1)
    earlier = _case(world, "井盖松动")
    Component.objects.create(code="3704020101000008", name="远处井盖", grid=a1, lat=34.09,
                             lng=117.19)
    case = _case(world)

    shown = place_file(case, world.user("dispatcher"), now=timezone.now())

    assert [c["code"] for c in shown["components"]] == ["3704020101000007"]
    assert shown["suggested_department"] == cg
    assert shown["buildings"] == [{"code": "B-1", "name": "1号楼", "households": 1}]
    assert [c["number"] for c in shown["earlier_cases"]] == [earlier.number]


def test_a_dispatcher_links_a_person_who_shows_masked(world):
    zhang = person(world.grids["A1"], 1, name="张三")
    case = _case(world)
    services.link_case(actor=world.user("dispatcher"), case=case, kind="person",
                       value=citizen_id(1))
    shown = place_file(case, world.user("dispatcher"), now=timezone.now())["people"]
    assert [(p["id"], p["id_number"]) for p in shown] == [
        (zhang.pk, citizen_id(1)[:6] + "********" + citizen_id(1)[-4:])]
    with pytest.raises(PermissionDenied):
        services.link_case(actor=world.user("handler"), case=case, kind="person",
                           value=citizen_id(1))


def test_the_case_page_shows_the_panel_to_staff_who_see_base_data(world, client):
    case = _case(world)
    client.force_login(world.user("dispatcher"))
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="place-file"' in page
    client.force_login(world.user("handler"))
    assert 'data-testid="place-file"' not in client.get(f"/cases/{case.pk}/").content.decode()


def test_a_finding_on_a_visit_becomes_a_linked_case(world):
    zhang = person(world.grids["A1"], 1)
    visit = services.record_visit(actor=world.user("grid_a1"), client_id=uuid.uuid4(),
                                  person=zhang, at=timezone.now(), lat=POINT[0], lng=POINT[1])
    case = services.case_from_visit(actor=world.user("grid_a1"), visit=visit,
                                    title="楼道堆物，消防通道堵塞")
    assert (case.channel, case.grid) == ("grid", world.grids["A1"])
    assert CaseLink.objects.get(case=case).person == zhang
