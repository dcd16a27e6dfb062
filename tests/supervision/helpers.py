"""Helpers for the time-limit and supervision tests (tests/sla and tests/supervision): cases
driven through the real services at explicit, frozen times, and a sweep at a given moment.

Times are passed explicitly (`at=`, `now=`) rather than by patching the clock: every service
and job takes the moment it acts at, so a test can stand anywhere in the calendar.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.world import World
from tongxin.cases import services
from tongxin.cases.models import Case, CaseEvent, Channel, Urgency
from tongxin.cases.services import ActionInput, NewCase
from tongxin.org.models import Category
from tongxin.sla.models import TimeLimitPolicy

SHANGHAI = ZoneInfo("Asia/Shanghai")
POINT_A1 = (34.05, 117.1)  # grid A1 of street A
POINT_B1 = (34.05, 117.3)  # grid B1 of street B


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # build_world creates eleven users; the default PBKDF2 hasher costs ~0.5 s each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def local(*args: int) -> datetime:
    """An aware datetime in Asia/Shanghai, e.g. local(2026, 9, 30, 10)."""
    return datetime(*args, tzinfo=SHANGHAI)


def policy_category(world: World, policy: str) -> Category:
    """A category whose cases take the named time-limit policy."""
    category, _ = Category.objects.get_or_create(
        code=f"t-{policy}",
        defaults={"name": policy, "level": 2, "parent": world.categories["top"],
                  "policy": TimeLimitPolicy.objects.get(name=policy)},
    )
    return category


def act(world: World, case: Case, action: str, user: str, at: datetime,
        **inputs: Any) -> Case:
    return services.act(case_id=case.pk, actor=world.user(user), action=action,
                        data=ActionInput(**inputs), at=at)


def dispatched(world: World, at: datetime, *, policy: str | None = None, urgent: bool = False,
               point=POINT_A1, dept: str = "cg", street: str = "street_a") -> Case:
    """A case reported, registered and dispatched to `dept` at `at` (policy `general` unless
    `policy` or `urgent` says otherwise)."""
    category = policy_category(world, policy) if policy else None
    new = NewCase(channel=Channel.HOTLINE, title="路灯不亮", lat=point[0], lng=point[1],
                  category=category, urgency=Urgency.URGENT if urgent else Urgency.NORMAL)
    case = services.create_case(actor=None, new=new, at=at)
    act(world, case, "register", street, at)
    act(world, case, "dispatch", street, at, lead_department=world.departments[dept])
    case.refresh_from_db()
    return case


def in_progress(world: World, at: datetime, **kwargs: Any) -> Case:
    case = dispatched(world, at, **kwargs)
    act(world, case, "accept", "handler", at)
    case.refresh_from_db()
    return case


def warnings_of(case: Case) -> list[str]:
    """The warning events of `case`, oldest first: ["warn_yellow", "warn_red"]."""
    return list(
        CaseEvent.objects.filter(case_id=case.pk, action__startswith="warn_")
        .order_by("pk").values_list("action", flat=True)
    )


def bulk_dispatched(world: World, count: int, *, dispatched_at: datetime,
                    finish_deadline: datetime, yellow_at: datetime,
                    prefix: str = "B") -> list[int]:
    """`count` dispatched cases written straight to the table (fast: for sweep volume tests,
    where how a case got dispatched does not matter). Returns their ids."""
    street, dept = world.streets["A"], world.departments["cg"]
    Case.objects.bulk_create(
        Case(number=f"{prefix}{i:08d}", channel=Channel.HOTLINE, title="批量",
             created_at=dispatched_at, district=world.district, street=street,
             owner_region=street, status="dispatched",
             lead_department=dept, dispatched_at=dispatched_at, finish_deadline=finish_deadline,
             yellow_at=yellow_at)
        for i in range(count)
    )
    return list(Case.objects.filter(number__startswith=prefix).values_list("pk", flat=True))
