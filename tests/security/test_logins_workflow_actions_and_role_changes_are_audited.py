"""Every login, logout and failure, every workflow action and every role change is an audit
row with the actor and address."""

import pytest
from django.test import Client

from tests.security.conftest import make_case
from tests.world import PASSWORD
from tongxin.accounts.models import Membership, Role
from tongxin.security.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_login_logout_and_failure(world):
    client = Client(REMOTE_ADDR="10.1.2.3")
    client.post("/login/", {"username": "dispatcher", "password": "wrong"})
    client.post("/login/", {"username": "dispatcher", "password": PASSWORD})
    client.post("/logout/")
    rows = list(AuditEntry.objects.filter(category="auth").order_by("id")
                .values_list("action", "actor_name", "ip", "success"))
    assert rows == [("login_failed", "dispatcher", "10.1.2.3", False),
                    ("login", "dispatcher", "10.1.2.3", True),
                    ("logout", "dispatcher", "10.1.2.3", True)]


def test_every_workflow_action_is_audited(world):
    case = make_case(world, state="in_progress")
    actions = list(AuditEntry.objects.filter(category="workflow", object_id=str(case.pk))
                   .order_by("id").values_list("action", "actor_name"))
    assert actions == [("report", "operator"), ("register", "dispatcher"),
                       ("dispatch", "dispatcher"), ("accept", "handler")]


def test_role_changes_are_audited(world):
    m = Membership.objects.create(user=world.users["handler"], role=Role.SUPERVISOR,
                                  region=world.district)
    pk = m.pk
    m.delete()
    actions = list(AuditEntry.objects.filter(category="permission", object_id=str(pk))
                   .order_by("id").values_list("action", flat=True))
    assert actions == ["grant_role", "revoke_role"]
