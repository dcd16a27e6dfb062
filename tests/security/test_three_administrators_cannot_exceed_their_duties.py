"""三员分立: the system administrator manages accounts but grants no roles; the security
administrator grants roles but never to themself and never a second administrator role to
anyone; the audit administrator reads and exports the audit log and can change nothing;
none of them reads cases."""

import pytest
from django.test import Client

from tests.security.conftest import admins, personal_case
from tests.world import pass_second_factor
from tongxin.accounts.models import Membership, Role
from tongxin.core.errors import PermissionDenied, ValidationFailed
from tongxin.security.duties import grant_role, revoke_role
from tongxin.security.models import AuditEntry

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    pass_second_factor(client)
    return client


def test_only_the_security_administrator_grants_and_it_is_audited(world):
    a = admins(world)
    for name in ("sysadmin", "auditadmin"):
        with pytest.raises(PermissionDenied):
            grant_role(actor=a[name], user=world.user("handler"), role=Role.DISPATCHER,
                       region=world.district)
    m = grant_role(actor=a["secadmin"], user=world.user("handler"), role=Role.SUPERVISOR,
                   region=world.district)
    row = AuditEntry.objects.get(category="permission", object_id=str(m.pk))
    assert row.actor_name == "secadmin" and row.action == "grant_role"


def test_nobody_grants_themself_anything(world):
    a = admins(world)
    for role in (Role.DISPATCHER, Role.AUDITADMIN, Role.SECADMIN):
        with pytest.raises(PermissionDenied):
            grant_role(actor=a["secadmin"], user=a["secadmin"], role=role,
                       region=world.district)
    own = Membership.objects.get(user=a["secadmin"])
    with pytest.raises(PermissionDenied):
        revoke_role(actor=a["secadmin"], membership=own)


def test_one_person_holds_one_administrator_role(world):
    a = admins(world)
    with pytest.raises(ValidationFailed):
        grant_role(actor=a["secadmin"], user=a["auditadmin"], role=Role.SYSADMIN,
                   region=world.district)


def test_admin_pages_enforce_the_same_rules(world):
    a = admins(world)
    target = world.users["handler"]
    assert logged_in(a["sysadmin"]).get("/admin/accounts/membership/add/").status_code == 403
    secadmin = logged_in(a["secadmin"])
    assert secadmin.get("/admin/accounts/membership/add/").status_code == 200
    own = Membership.objects.get(user=a["secadmin"])
    assert secadmin.post(f"/admin/accounts/membership/{own.pk}/delete/",
                         {"post": "yes"}).status_code == 403
    assert secadmin.post(f"/admin/accounts/user/{a['secadmin'].pk}/change/", {}).status_code \
        == 403
    response = secadmin.post("/admin/accounts/membership/add/", {
        "user": target.pk, "role": Role.LEADER, "region": world.district.pk})
    assert response.status_code == 302
    assert Membership.objects.filter(user=target, role=Role.LEADER).exists()


def test_auditadmin_reads_and_exports_the_log_but_no_cases(world):
    a = admins(world)
    case = personal_case(world)
    auditor = logged_in(a["auditadmin"])
    page = auditor.get("/security/audit/", {"q": "dispatcher"})
    assert page.status_code == 200 and "dispatch" in page.content.decode()
    export = auditor.get("/security/audit/export.csv")
    assert export.status_code == 200 and "row_hash" in export.content.decode("utf-8-sig")
    assert auditor.get(f"/cases/{case.pk}/").status_code == 404
    assert auditor.get("/admin/").status_code == 302  # not staff: no back office at all
    for name in ("sysadmin", "secadmin"):
        client = logged_in(a[name])
        assert client.get("/security/audit/").status_code == 403
        assert client.get(f"/cases/{case.pk}/").status_code == 404


def test_no_role_can_change_the_audit_log_through_the_back_office(world):
    from django.contrib import admin

    from tongxin.security.models import AuditEntry as Model

    assert Model not in admin.site._registry
