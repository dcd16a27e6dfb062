import pytest
from django.test import Client

from tongxin.accounts.models import Membership, Role, User
from tongxin.regions.models import Level

PASSWORD = "tongxin-demo"

# username → (role, where the membership points)
EXPECTED = {
    "admin": (Role.ADMIN, "市中区"),
    "operator": (Role.OPERATOR, "市中区"),
    "dispatcher": (Role.DISPATCHER, "市中区"),
    "street_dispatcher": (Role.DISPATCHER, "矿区街道"),
    "handler": (Role.HANDLER, "区城管局"),
    "supervisor": (Role.SUPERVISOR, "市中区"),
    "leader": (Role.LEADER, "市中区"),
}


@pytest.mark.parametrize("username", [*EXPECTED, "grid", "citizen"])
def test_demo_accounts_can_log_in_with_their_roles(demo_base, username):
    assert Client().login(username=username, password=PASSWORD)
    user = User.objects.get(username=username)
    assert user.display_name and not user.display_name.isascii(), "display names are Chinese"


@pytest.mark.parametrize(("username", "expected"), EXPECTED.items())
def test_each_account_holds_its_role_in_its_place(demo_base, username, expected):
    membership = Membership.objects.select_related("region", "department").get(
        user__username=username
    )
    scope = membership.region or membership.department
    assert (membership.role, str(scope)) == expected


def test_grid_worker_works_in_a_grid_of_kuangqu(demo_base):
    membership = Membership.objects.select_related("region").get(user__username="grid")
    grid = membership.region
    assert membership.role == Role.GRID_WORKER and grid.level == Level.GRID
    assert "矿区街道" in [r.name for r in grid.ancestors()]


def test_only_admin_and_the_system_and_security_administrators_reach_the_back_office(demo_base):
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser
    staff = set(User.objects.exclude(username="admin").filter(is_staff=True)
                .values_list("username", flat=True))
    assert staff == {"sysadmin", "secadmin"}
    assert not User.objects.exclude(username="admin").filter(is_superuser=True).exists()


def test_every_department_has_a_handler(demo_base):
    from tongxin.org.models import Department

    handled = set(
        Membership.objects.filter(role=Role.HANDLER).values_list("department_id", flat=True)
    )
    assert handled == set(Department.objects.values_list("pk", flat=True))
