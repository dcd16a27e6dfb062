"""The party tree on the regions (街道党工委 → 社区党委 → 网格党支部 → 楼栋党小组, each on its
level), a secretary, and 双报到: an in-service member of 区城管局 reports to community A1, is
assigned its grid, claims a micro-wish and checks in service hours at the place (a point
outside the grid is refused); the employer's quarterly sheet lists the hours and tasks."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from tests.cases.loop import POINT_A1, POINT_B1, local
from tongxin.accounts.models import Membership, Role, User
from tongxin.core.errors import PermissionDenied, ValidationFailed
from tongxin.participation.models import WishStatus
from tongxin.participation.services import post_wish
from tongxin.party import services
from tongxin.party.sheets import quarterly_workbook, sheet_rows

T0 = local(2026, 8, 3, 9)


def tree(w):
    street = services.add_org(name="A街道党工委", level="street", region=w.streets["A"])
    community = services.add_org(name="A1社区党委", level="community",
                                 region=w.communities["A1"], parent=street)
    branch = services.add_org(name="A1网格党支部", level="grid", region=w.grids["A1"],
                              parent=community)
    group = services.add_org(name="1号楼党小组", level="building", region=w.grids["A1"],
                             parent=branch)
    return street, community, branch, group


def test_the_tree_follows_the_regions(world):
    street, community, branch, _group = tree(world)
    with pytest.raises(ValidationFailed, match="level"):
        services.add_org(name="错", level="grid", region=world.communities["A2"],
                         parent=community)
    with pytest.raises(ValidationFailed, match="one level up"):
        services.add_org(name="错", level="grid", region=world.grids["A2"], parent=street)
    with pytest.raises(ValidationFailed, match="parent's"):
        services.add_org(name="错", level="community", region=world.communities["B1"],
                         parent=street)
    secretary = services.add_member(org=branch, name="王书记", secretary=True)
    branch.refresh_from_db()
    assert branch.secretary == secretary
    with pytest.raises(ValidationFailed, match="employer"):
        services.add_member(org=branch, name="李", kind="in_service")


def test_dual_report_service_hours_and_the_quarterly_sheet(world):
    _s, community, _b, group = tree(world)
    cg = world.departments["cg"]
    user = User.objects.create_user(username="dang_li", password="x")
    Membership.objects.create(user=user, role=Role.CITIZEN)
    member = services.add_member(org=group, name="李明", kind="in_service", employer=cg,
                                 user=user)
    services.add_member(org=group, name="赵退休", kind="resident")
    report = services.report_in(actor=user, community=world.communities["A1"], at=T0)
    with pytest.raises(ValidationFailed, match="already"):
        services.report_in(actor=user, community=world.communities["A1"])
    with pytest.raises(ValidationFailed, match="not assigned"):
        services.check_in(actor=user, report_id=report.pk, lat=POINT_A1[0], lng=POINT_A1[1],
                          hours="2", task="清理楼道")
    with pytest.raises(PermissionDenied):
        services.assign_grid(actor=world.user("street_b"), report_id=report.pk,
                             grid=world.grids["A1"])
    services.assign_grid(actor=world.user("street_a"), report_id=report.pk,
                         grid=world.grids["A1"], at=T0)

    wish = post_wish(actor=world.user("citizen"), title="帮独居老人买药",
                     region=world.communities["A1"])
    services.check_in(actor=user, report_id=report.pk, lat=POINT_A1[0], lng=POINT_A1[1],
                      hours="1.5", wish_id=wish.pk, at=T0)
    wish.refresh_from_db()
    assert wish.status == WishStatus.CLAIMED and wish.claimed_by == user
    services.check_in(actor=user, report_id=report.pk, lat=POINT_A1[0], lng=POINT_A1[1],
                      hours="2", task="清理楼道", at=local(2026, 9, 2, 9))
    with pytest.raises(ValidationFailed, match="not in your grid"):
        services.check_in(actor=user, report_id=report.pk, lat=POINT_B1[0], lng=POINT_B1[1],
                          hours="2", task="别处")
    with pytest.raises(ValidationFailed, match="at most 12"):
        services.check_in(actor=user, report_id=report.pk, lat=POINT_A1[0], lng=POINT_A1[1],
                          hours="30", task="太长")
    services.check_in(actor=user, report_id=report.pk, lat=POINT_A1[0], lng=POINT_A1[1],
                      hours="3", task="下季度的", at=local(2026, 10, 2, 9))

    (row,) = sheet_rows(cg, 2026, 3)
    assert (row["member"], row["community"], row["grid"]) == ("李明", "A1社区", "A1网格")
    assert row["hours"] == 3.5 and row["tasks"] == "帮独居老人买药；清理楼道"
    sheet = load_workbook(BytesIO(quarterly_workbook(cg, 2026, 3))).active
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert values[2][:4] == ["李明", "A1社区", "A1网格", 3.5]
    assert values[-1][0] == "Total" and values[-1][3] == 3.5
    assert member.reports.count() == 1
    with pytest.raises(ValidationFailed, match="quarter"):
        sheet_rows(cg, 2026, 5)
