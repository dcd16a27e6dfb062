"""Administrators (the admin and the three 三员 roles) must pass a TOTP code after the
password; a wrong or replayed code is refused; other roles are not asked."""

import pyotp
import pytest
from django.test import Client

from tests.security.conftest import admins
from tests.world import PASSWORD
from tongxin.security.models import AuditEntry, TotpDevice

pytestmark = pytest.mark.django_db


def test_admin_is_sent_to_the_second_factor_until_a_code_matches(world):
    user = admins(world)["auditadmin"]
    user.set_password(PASSWORD)
    user.save()
    client = Client()
    client.post("/login/", {"username": "auditadmin", "password": PASSWORD})
    assert client.get("/security/audit/")["Location"] == "/security/totp/"
    setup = client.get("/security/totp/").content.decode()
    assert "data:image/svg+xml;base64," in setup
    secret = TotpDevice.objects.get(user=user).secret
    assert secret in setup
    wrong = client.post("/security/totp/", {"code": "000000"})
    assert wrong.status_code == 200 and "/security/totp/" not in wrong.get("Location", "")
    code = pyotp.TOTP(secret).now()
    assert client.post("/security/totp/", {"code": code}).status_code == 302
    assert client.get("/security/audit/").status_code == 200
    assert AuditEntry.objects.filter(action="second_factor", actor_name="auditadmin").exists()
    assert AuditEntry.objects.filter(action="second_factor_failed").exists()

    # The same code cannot be used twice (replay).
    other = Client()
    other.post("/login/", {"username": "auditadmin", "password": PASSWORD})
    assert other.post("/security/totp/", {"code": code}).status_code == 200


def test_api_with_a_session_waiting_for_the_second_factor_is_refused(world):
    client = Client()
    client.force_login(world.user("admin"))
    assert client.get("/api/v1/cases").status_code == 403


def test_other_roles_are_not_asked(world):
    client = Client()
    client.post("/login/", {"username": "dispatcher", "password": PASSWORD})
    assert client.get("/cases/").status_code == 200
