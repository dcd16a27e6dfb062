"""django-axes: after TONGXIN_LOGIN_FAILURES failures an account is locked for the address
they came from (even the right password is refused there), and an address that tries many
accounts is locked as a whole."""

import pytest
from django.test import Client

from tests.world import PASSWORD
from tongxin.security.models import AuditEntry

pytestmark = pytest.mark.django_db


def attempt(client: Client, username: str, password: str = "wrong"):
    return client.post("/login/", {"username": username, "password": password})


def test_account_is_locked_after_five_failures_from_one_address(world, settings):
    settings.AXES_FAILURE_LIMIT = 5
    for _ in range(5):
        attempt(Client(REMOTE_ADDR="10.0.0.1"), "dispatcher")
    response = attempt(Client(REMOTE_ADDR="10.0.0.1"), "dispatcher", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in response.client.session
    assert AuditEntry.objects.filter(action="login_locked", actor_name="dispatcher").exists()
    # Another account from a fresh address still logs in.
    ok = attempt(Client(REMOTE_ADDR="10.9.9.8"), "handler", PASSWORD)
    assert ok.status_code == 302


def test_address_is_locked_after_failures_across_accounts(world, settings):
    settings.AXES_FAILURE_LIMIT = 5
    client = Client(REMOTE_ADDR="10.7.7.7")
    for name in ("a1", "a2", "a3", "a4", "a5"):
        attempt(client, name)
    assert attempt(client, "handler", PASSWORD).status_code == 429
    assert attempt(Client(REMOTE_ADDR="10.7.7.8"), "handler", PASSWORD).status_code == 302


def test_fewer_failures_do_not_lock(world, settings):
    settings.AXES_FAILURE_LIMIT = 5
    client = Client(REMOTE_ADDR="10.5.5.5")
    for _ in range(4):
        assert attempt(client, "dispatcher").status_code == 200
    assert attempt(client, "dispatcher", PASSWORD).status_code == 302
