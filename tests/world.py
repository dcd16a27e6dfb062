"""A small hand-built district for tests: two streets, two communities each, one grid per
community (unit squares), three departments, a category tree and one user per role.

Street A spans longitude 117.0–117.2 and street B 117.2–117.4, latitude 34.0–34.2.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tongxin.accounts.models import Membership, Role, User
from tongxin.org.models import Category, Department, DutyKeyword
from tongxin.regions.models import Level, Region

PASSWORD = "tongxin-test"


def square(x0: float, y0: float, x1: float, y1: float) -> dict:
    ring = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
    return {"type": "Polygon", "coordinates": [ring]}


@dataclass
class World:
    district: Region
    streets: dict[str, Region] = field(default_factory=dict)
    communities: dict[str, Region] = field(default_factory=dict)
    grids: dict[str, Region] = field(default_factory=dict)
    departments: dict[str, Department] = field(default_factory=dict)
    categories: dict[str, Category] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)

    def user(self, name: str) -> User:
        # A fresh instance: access caches memberships on the user object.
        return User.objects.get(pk=self.users[name].pk)


def _user(username: str, role: str, *, region: Region | None = None,
          department: Department | None = None) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, display_name=username)
    Membership.objects.create(user=user, role=role, region=region, department=department)
    return user


def build_world() -> World:
    district = Region.objects.create(
        code="370402", name="测试区", level=Level.DISTRICT,
        geometry=square(117.0, 34.0, 117.4, 34.2),
    )
    w = World(district=district)
    for i, (key, x0) in enumerate((("A", 117.0), ("B", 117.2))):
        street = Region.objects.create(
            code=f"37040200{i + 1}", name=f"{key}街道", level=Level.STREET, parent=district,
            geometry=square(x0, 34.0, x0 + 0.2, 34.2),
        )
        w.streets[key] = street
        for j, y0 in enumerate((34.0, 34.1)):
            ckey = f"{key}{j + 1}"
            community = Region.objects.create(
                code=f"37040200{i + 1}00{j + 1}", name=f"{ckey}社区", level=Level.COMMUNITY,
                parent=street, geometry=square(x0, y0, x0 + 0.2, y0 + 0.1),
            )
            w.communities[ckey] = community
            w.grids[ckey] = Region.objects.create(
                code=f"37040200{i + 1}00{j + 1}01", name=f"{ckey}网格", level=Level.GRID,
                parent=community, geometry=square(x0, y0, x0 + 0.2, y0 + 0.1), synthetic=True,
            )
    for code, name, words in (
        ("cg", "区城管局", ["路灯", "占道"]),
        ("zj", "区住建局", ["物业", "房屋"]),
        ("sw", "区水务局", ["停水", "供水"]),
    ):
        dept = Department.objects.create(code=code, name=name, region=district)
        DutyKeyword.objects.bulk_create([DutyKeyword(department=dept, keyword=k) for k in words])
        w.departments[code] = dept
    top = Category.objects.create(
        code="01", name="城乡建设", level=1, lead_department=w.departments["zj"]
    )
    w.categories["top"] = top
    w.categories["light"] = Category.objects.create(
        code="0101", name="路灯照明", level=2, parent=top, lead_department=w.departments["cg"]
    )
    w.users.update(
        {
            "dispatcher": _user("dispatcher", Role.DISPATCHER, region=district),
            "street_a": _user("street_a", Role.DISPATCHER, region=w.streets["A"]),
            "street_b": _user("street_b", Role.DISPATCHER, region=w.streets["B"]),
            "operator": _user("operator", Role.OPERATOR, region=district),
            "handler": _user("handler", Role.HANDLER, department=w.departments["cg"]),
            "handler_zj": _user("handler_zj", Role.HANDLER, department=w.departments["zj"]),
            "grid_a1": _user("grid_a1", Role.GRID_WORKER, region=w.grids["A1"]),
            "supervisor": _user("supervisor", Role.SUPERVISOR, region=district),
            "leader": _user("leader", Role.LEADER, region=district),
            "admin": _user("admin", Role.ADMIN, region=district),
            "citizen": _user("citizen", Role.CITIZEN),
        }
    )
    return w


def pass_second_factor(client) -> None:
    """As if the logged-in user had entered their TOTP code: administrators need one
    (tongxin.security; tests/security tests the real step)."""
    session = client.session
    session["tx_2fa"] = True
    session.save()
