"""Areas in the test world (tests/world.py: street A spans lng 117.0–117.2, lat 34.0–34.2),
shared by the area tests and the browser test."""

from __future__ import annotations

from datetime import date

from tests.world import PASSWORD, World, square
from tongxin.accounts.models import Membership, Role, User
from tongxin.areas.models import AreaKind, Chief, ResponsibilityArea
from tongxin.org.models import Department, DepartmentKind

# 建设路: an east-west centre line along lat 34.05 from lng 117.05 to 117.15, 50 m either side.
ROAD = {"type": "LineString", "coordinates": [[117.05, 34.05], [117.15, 34.05]]}
COMPOUND = square(117.16, 34.06, 117.17, 34.07)


def unit(world: World, code: str, name: str, kind: str) -> Department:
    dept = Department.objects.create(code=code, name=name, region=world.district, kind=kind)
    world.departments[code] = dept
    return dept


def account(username: str, department: Department) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, display_name=username)
    Membership.objects.create(user=user, role=Role.HANDLER, department=department)
    return user


def make_road(world) -> ResponsibilityArea:
    squad = unit(world, "lz-jsl", "建设路路长办", DepartmentKind.ROAD_SQUAD)
    area = ResponsibilityArea.objects.create(
        code="road-jsl-1", name="建设路（中段）", kind=AreaKind.ROAD_SEGMENT, geometry=ROAD,
        buffer_m=50, department=squad)
    area.categories.add(world.categories["light"])
    Chief.objects.create(area=area, level=2, title="二级路长", name="王强", phone="0632-1234567",
                         user=account("roadchief", squad))
    return area


def compound_area(world, code: str, company: Department, *, valid_from: date,
                  valid_to: date | None = None) -> ResponsibilityArea:
    return ResponsibilityArea.objects.create(
        code=code, name="幸福家园", kind=AreaKind.COMPOUND, geometry=COMPOUND,
        department=company, valid_from=valid_from, valid_to=valid_to)


def police_desk(world) -> User:
    """The 110 desk's account: an operator of the district (it may report cases)."""
    user = User.objects.create_user(username="police", password="x", display_name="110")
    Membership.objects.create(user=user, role=Role.OPERATOR, region=world.district)
    return user


def transfer_body(incident_no: str = "110-20261204-0001", **fields) -> dict:
    return {"incident_no": incident_no, "category": "噪音扰民",
            "text": "市民报警称楼下饭店排风扇噪音很大影响休息", "lat": 34.05, "lng": 117.1,
            "reported_at": "2026-12-04T09:30:00+08:00", **fields}
