"""Helpers for workbench page tests: log a world user in, and put cases into a state."""

from __future__ import annotations

import pytest

from tests.world import World, pass_second_factor
from tongxin.cases.models import Case
from tongxin.cases.services import ActionInput, NewCase, act, create_case

# The steps that take a new report to each state, acted by the world's users.
STEPS = {
    "reported": [],
    "registered": [("dispatcher", "register", {})],
    "dispatched": [("dispatcher", "register", {}), ("dispatcher", "dispatch", {"lead": "cg"})],
    "in_progress": [("dispatcher", "register", {}), ("dispatcher", "dispatch", {"lead": "cg"}),
                    ("handler", "accept", {})],
    "replied": [("dispatcher", "register", {}), ("dispatcher", "dispatch", {"lead": "cg"}),
                ("handler", "accept", {}), ("handler", "reply", {"note": "已修复"})],
    "closed": [("dispatcher", "register", {}), ("dispatcher", "dispatch", {"lead": "cg"}),
               ("handler", "accept", {}), ("handler", "reply", {"note": "已修复"}),
               ("dispatcher", "verify_pass", {})],
}


def make_case(world: World, *, street: str = "A", state: str = "reported",
              title: str = "路灯不亮", in_grid: bool = False, **fields) -> Case:
    """A case in community <street>1 (or in its grid, where that grid's worker reaches it)."""
    places = world.grids if in_grid else world.communities
    fields = {"reporter_name": "张三", "reporter_phone": "13812345678", **fields}
    case = create_case(
        actor=world.user("operator"),
        new=NewCase(channel="hotline", title=title, region=places[f"{street}1"], **fields),
    )
    for actor, action, extra in STEPS[state]:
        data = ActionInput(note=extra.get("note", ""))
        if "lead" in extra:
            data.lead_department = world.departments[extra["lead"]]
        act(case_id=case.pk, actor=world.user(actor), action=action, data=data)
    case.refresh_from_db()
    assert case.status == state
    return case


@pytest.fixture(autouse=True)
def test_settings(settings, tmp_path):
    # build_world hashes eleven passwords; PBKDF2 makes that seconds per test. Tests check
    # behaviour, not hashing strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"  # uploads must not land in the working tree


@pytest.fixture
def login(client, world):
    def _login(name: str):
        client.force_login(world.user(name))
        pass_second_factor(client)
        return client

    return _login
