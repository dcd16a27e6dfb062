"""Helpers for the security tests: a case with full personal data, raw column reads, the
three administrators."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.workbench.conftest import make_case
from tests.world import World
from tongxin.accounts.models import Membership, Role, User

PHONE = "13812345678"
ID_NUMBER = "370402199001011234"
ADDRESS = "建设路12号3单元502室"

__all__ = ["make_case", "personal_case", "raw_columns", "admins"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def personal_case(world: World, state: str = "dispatched", **fields):
    fields.setdefault("reporter_id_number", ID_NUMBER)
    fields.setdefault("address", ADDRESS)
    fields.setdefault("reporter_email", "zhang.san@example.cn")
    return make_case(world, state=state, **fields)


def raw_columns(pk: int, *columns: str) -> tuple:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(map(quote, columns))} FROM cases_case WHERE id = %s",
                       [pk])
        return cursor.fetchone()


def admins(world: World) -> dict[str, User]:
    """sysadmin, secadmin and auditadmin of the world's district (demo-style accounts)."""
    made = {}
    for role in (Role.SYSADMIN, Role.SECADMIN, Role.AUDITADMIN):
        user = User.objects.create_user(username=str(role), password="x",
                                        is_staff=role != Role.AUDITADMIN)
        Membership.objects.create(user=user, role=role, region=world.district)
        made[str(role)] = User.objects.get(pk=user.pk)
    return made
