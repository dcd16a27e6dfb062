"""Cases for the analytics tests, made through the real services (tests/cases/loop.py)."""

from __future__ import annotations

from django.test import Client

from tests.cases.loop import POINT_A1, POINT_B1, close_rated, closed_unsatisfied, drive, report
from tests.world import World
from tongxin.analytics.stats import refresh_dirty
from tongxin.cases.models import Case


def client_for(world: World, username: str) -> Client:
    client = Client()
    client.force_login(world.user(username))
    return client


def mixed_cases(world: World) -> dict[str, Case]:
    """Street A: closed+satisfied, closed+unsatisfied, registered, rejected, in progress;
    street B: two new reports. Then the summary is brought up to date."""
    cases = {
        "satisfied": close_rated(world, "satisfied"),
        "unsatisfied": closed_unsatisfied(world),
        "registered": drive(world, "registered"),
        "rejected": drive(world, "rejected"),
        "in_progress": drive(world, "in_progress"),
        "b_first": report(world, point=POINT_B1, title="井盖缺失"),
        "b_second": report(world, point=POINT_B1, title="井盖缺失", channel="hotline"),
    }
    refresh_dirty()
    return cases


__all__ = ["POINT_A1", "POINT_B1", "client_for", "mixed_cases"]
