"""The audit log's columns and filter say what they hold — the event type and the IP address —
not the case form's 事项分类 and 详细地址, which share the English words."""

import pytest
from django.test import Client

from tests.world import PASSWORD, pass_second_factor
from tongxin.accounts.models import Membership, Role, User

pytestmark = pytest.mark.django_db


def test_the_audit_log_says_event_type_and_ip_address(world):
    auditor = User.objects.create_user(username="auditor", password=PASSWORD)
    Membership.objects.create(user=auditor, role=Role.AUDITADMIN, region=world.district)
    client = Client()
    client.force_login(auditor)
    pass_second_factor(client)
    page = client.get("/security/audit/").content.decode()
    assert '<th scope="col">事件类型</th>' in page and '<th scope="col">IP 地址</th>' in page
    assert "事件类型" in page.split("<table")[0]  # the filter's label too
    assert "事项分类" not in page and "详细地址" not in page
