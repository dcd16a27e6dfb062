"""The reporter's name and phone are masked on the case page (张*, 138****5678); roles holding
cases.view_personal may reveal them with a button, which writes an audit row."""

import pytest
from django.urls import reverse

from tests.workbench.conftest import make_case
from tongxin.accounts.masking import mask_name, mask_phone

pytestmark = pytest.mark.django_db


def test_handler_sees_masked_contact(world, login):
    case = make_case(world, state="dispatched")
    html = login("handler").get(reverse("workbench:case", args=[case.pk])).content.decode()
    assert "138****5678" in html
    assert "张*" in html
    assert "13812345678" not in html
    assert "张三" not in html


def test_dispatcher_reveals_full_contact_and_it_is_audited(world, login):
    from tongxin.security.models import AuditEntry

    case = make_case(world, state="dispatched")
    client = login("dispatcher")
    html = client.get(reverse("workbench:case", args=[case.pk])).content.decode()
    assert "13812345678" not in html and 'data-testid="reveal-contact"' in html
    html = client.post(reverse("workbench:case_reveal", args=[case.pk])).content.decode()
    assert "13812345678" in html
    assert "张三" in html
    assert AuditEntry.objects.filter(category="personal", action="reveal",
                                     object_id=str(case.pk), actor_name="dispatcher").exists()


def test_handler_may_not_reveal(world, login):
    case = make_case(world, state="dispatched")
    client = login("handler")
    html = client.get(reverse("workbench:case", args=[case.pk])).content.decode()
    assert 'data-testid="reveal-contact"' not in html
    assert client.post(reverse("workbench:case_reveal", args=[case.pk])).status_code == 403


@pytest.mark.parametrize(("raw", "masked"), [
    ("13812345678", "138****5678"), ("", ""), ("12345", "123**"), ("021-12345678", "021*****5678"),
])
def test_mask_phone(raw, masked):
    assert mask_phone(raw) == masked


@pytest.mark.parametrize(("raw", "masked"), [("张三", "张*"), ("欧阳娜娜", "欧***"), ("张", "张*"),
                                             ("", "")])
def test_mask_name(raw, masked):
    assert mask_name(raw) == masked
