"""The reporter's name and phone are shown in full only to roles holding
cases.view_personal; a department handler sees 张* and 138****5678."""

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


def test_dispatcher_sees_full_contact(world, login):
    case = make_case(world, state="dispatched")
    html = login("dispatcher").get(reverse("workbench:case", args=[case.pk])).content.decode()
    assert "13812345678" in html
    assert "张三" in html


@pytest.mark.parametrize(("raw", "masked"), [
    ("13812345678", "138****5678"), ("", ""), ("12345", "123**"), ("021-12345678", "021*****5678"),
])
def test_mask_phone(raw, masked):
    assert mask_phone(raw) == masked


@pytest.mark.parametrize(("raw", "masked"), [("张三", "张*"), ("欧阳娜娜", "欧***"), ("张", "张*"),
                                             ("", "")])
def test_mask_name(raw, masked):
    assert mask_name(raw) == masked
