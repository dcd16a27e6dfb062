"""A mediation centre for the test world: the community A1 committee (村社调委会) and the
district centre, each a department of kind mediation with mediators (their handlers) and
rooms."""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.world import World, _user
from tongxin.accounts.models import Role, User
from tongxin.mediation.models import Level, MediationOrg, Mediator, OrgKind, Room
from tongxin.org.models import Department, DepartmentKind


@dataclass
class Centre:
    committee: MediationOrg
    district: MediationOrg
    mediators: dict[str, Mediator] = field(default_factory=dict)
    rooms: dict[str, Room] = field(default_factory=dict)

    def user(self, name: str) -> User:
        return User.objects.get(pk=self.mediators[name].user_id)


def _org(world: World, code: str, name: str, region, level: str, kind: str, lat: float,
         lng: float) -> MediationOrg:
    dept = Department.objects.create(code=code, name=name, region=world.district,
                                     kind=DepartmentKind.MEDIATION)
    return MediationOrg.objects.create(department=dept, kind=kind, level=level, region=region,
                                       lat=lat, lng=lng)


def build_centre(world: World) -> Centre:
    committee = _org(world, "tj_a1", "A1社区人民调解委员会", world.communities["A1"],
                     Level.COMMUNITY, OrgKind.PEOPLES, 34.05, 117.1)
    district = _org(world, "mtzx", "区矛调中心", world.district, Level.DISTRICT, OrgKind.CENTRE,
                    34.1, 117.2)
    centre = Centre(committee, district)
    for name, org, specialities, lat in (
        ("med_li", committee, ["neighbour"], 34.06),
        ("med_wang", committee, ["property"], 34.05),
        ("med_zhao", committee, ["neighbour"], 34.19),
        ("med_qian", district, ["labour"], 34.1),
    ):
        user = _user(name, Role.HANDLER, department=org.department)
        world.users[name] = user
        centre.mediators[name] = Mediator.objects.create(
            user=user, org=org, name=name, specialities=specialities, lat=lat, lng=117.1,
            certificate_no=f"TJ-{name}")
    for key, org in (("r1", committee), ("r2", committee), ("d1", district)):
        centre.rooms[key] = Room.objects.create(org=org, name=f"调解室{key}")
    return centre
