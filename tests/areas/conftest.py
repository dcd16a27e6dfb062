"""Fixtures of the area tests; the areas themselves are in support.py."""

from __future__ import annotations

import pytest

from tests.api.support import _fast_passwords, _media_root  # noqa: F401 (autouse fixtures)
from tongxin.areas.models import ResponsibilityArea

from .support import make_road


@pytest.fixture
def road(world) -> ResponsibilityArea:
    return make_road(world)


@pytest.fixture(autouse=True)
def no_router_by_default(settings, tmp_path):
    # Never pick up a routing model trained on the developer's machine under var/.
    settings.TONGXIN_TRIAGE_ROUTING_MODEL = str(tmp_path / "no-router")
