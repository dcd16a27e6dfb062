"""Every login, logout and failure and every role change is an audit row with the actor and
address. Every workflow action is on the case's trail, with its actor, linked into the case's
keyed hash chain: the trail is the audit record of a case (no second copy)."""

import pytest
from django.test import Client

from tests.security.conftest import make_case
from tests.world import PASSWORD
from tongxin.accounts.models import Membership, Role
from tongxin.cases.models import Case, CaseEvent
from tongxin.security.chain import GENESIS
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


def test_every_workflow_action_is_on_the_chained_trail(world):
    case = make_case(world, state="in_progress")
    trail = list(CaseEvent.objects.filter(case=case).order_by("id"))
    assert [(e.action, e.actor.username) for e in trail] == [
        ("report", "operator"), ("register", "dispatcher"), ("dispatch", "dispatcher"),
        ("accept", "handler")]
    assert [e.prev_hash for e in trail] == [GENESIS, *(e.hash for e in trail[:-1])]
    assert Case.objects.get(pk=case.pk).trail_head == trail[-1].hash
    assert not AuditEntry.objects.filter(category="workflow").exists()


def test_role_changes_are_audited(world):
    m = Membership.objects.create(user=world.users["handler"], role=Role.SUPERVISOR,
                                  region=world.district)
    pk = m.pk
    m.delete()
    actions = list(AuditEntry.objects.filter(category="permission", object_id=str(pk))
                   .order_by("id").values_list("action", flat=True))
    assert actions == ["grant_role", "revoke_role"]
