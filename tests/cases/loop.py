"""Helpers for the case-engine tests: report a case, act on it as a named user of the test
world, drive it to any state of the closed loop through the real services, and take a
snapshot of everything an action could change (to prove a refused action changed nothing)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from tests.world import World
from tongxin.cases import services
from tongxin.cases.models import Attachment, Case, CaseEvent, Channel
from tongxin.cases.services import ActionInput, NewCase
from tongxin.cases.workflow import State
from tongxin.notifications.models import Notification

SHANGHAI = ZoneInfo("Asia/Shanghai")

# A point inside grid A1 (street A spans lng 117.0–117.2, community A1 lat 34.0–34.1).
POINT_A1 = (34.05, 117.1)
POINT_A2 = (34.15, 117.1)
POINT_B1 = (34.05, 117.3)
POINT_B2 = (34.15, 117.3)


def local(*args: int) -> datetime:
    """An aware datetime in Asia/Shanghai, e.g. local(2026, 9, 21, 10)."""
    return datetime(*args, tzinfo=SHANGHAI)


def report(world: World, *, reporter: str | None = "citizen", point=POINT_A1, region=None,
           title: str = "路灯不亮", at: datetime | None = None, **fields: Any) -> Case:
    """A citizen's report at `point` (grid A1 by default), through services.create_case."""
    actor = world.user(reporter) if reporter else None
    lat, lng = point if point else (None, None)
    new = NewCase(channel=fields.pop("channel", Channel.PORTAL), title=title, lat=lat, lng=lng,
                  region=region, **fields)
    return services.create_case(actor=actor, new=new, at=at)


def act(world: World, case: Case, action: str, user: str, *, at: datetime | None = None,
        **inputs: Any) -> Case:
    """services.act as the named world user (a fresh User instance each time)."""
    return services.act(case_id=case.pk, actor=world.user(user), action=action,
                        data=ActionInput(**inputs), at=at)


def steps_to(world: World, state: str) -> list[tuple[str, str, dict]]:
    """The (action, user, inputs) that take a fresh report in grid A1 to `state`."""
    cg = world.departments["cg"]
    register = ("register", "street_a", {})
    dispatch = ("dispatch", "street_a", {"lead_department": cg})
    accept = ("accept", "handler", {})
    reply = ("reply", "handler", {"note": "已更换灯泡"})
    paths: dict[str, list[tuple[str, str, dict]]] = {
        State.REPORTED: [],
        State.REGISTERED: [register],
        State.ADJUDICATING: [register, ("adjudicate", "street_a", {"note": "职责不清，研判"})],
        State.DISPATCHED: [register, dispatch],
        State.IN_PROGRESS: [register, dispatch, accept],
        State.REPLIED: [register, dispatch, accept, reply],
        State.CLOSED: [register, dispatch, accept, reply, ("verify_pass", "street_a", {})],
        State.REJECTED: [("reject", "street_a", {"note": "不属于受理范围"})],
    }
    return paths[State(state)]


def drive(world: World, state: str, *, at: datetime | None = None, **report_kwargs: Any) -> Case:
    """A case reported in grid A1 and driven by the right users to `state`."""
    case = report(world, at=at, **report_kwargs)
    for action, user, inputs in steps_to(world, state):
        case = act(world, case, action, user, at=at, **inputs)
    case.refresh_from_db()
    assert case.status == state
    return case


def close_rated(world: World, rating: str, **kwargs: Any) -> Case:
    """A closed case the reporting citizen has rated."""
    case = drive(world, State.CLOSED, **kwargs)
    return act(world, case, "rate", "citizen", rating=rating)


def closed_unsatisfied(world: World, **kwargs: Any) -> Case:
    """A closed case rated 不满意 that stays closed: its reworks are used up (the limit at 0
    here), so the engine's rework is skipped and supervision takes it up."""
    from django.test import override_settings

    case = drive(world, State.CLOSED, **kwargs)
    with override_settings(TONGXIN_REWORK_LIMIT=0):
        return act(world, case, "rate", "citizen", rating="unsatisfied")


def rated_unsatisfied_before_the_rule(world: World, **kwargs: Any) -> Case:
    """A closed case carrying a 不满意 that was never reworked: a rating kept from before
    the engine reworked every 不满意 itself (or imported). The manual `reopen` row exists for
    these; a rating given now reworks the case at once."""
    case = drive(world, State.CLOSED, **kwargs)
    Case.objects.filter(pk=case.pk).update(rating="unsatisfied", rated_at=case.closed_at)
    case.refresh_from_db()
    return case


def snapshot(case: Case) -> dict[str, Any]:
    """Everything about `case` an action may touch, read fresh from the database."""
    row = Case.objects.filter(pk=case.pk).values().get()
    return {
        "row": row,
        "co_departments": sorted(
            Case.objects.get(pk=case.pk).co_departments.values_list("pk", flat=True)
        ),
        "events": list(CaseEvent.objects.filter(case_id=case.pk).values_list("pk", flat=True)),
        "attachments": Attachment.objects.filter(case_id=case.pk).count(),
        "notifications": Notification.objects.filter(case_id=case.pk).count(),
    }


def last_event(case: Case) -> CaseEvent:
    return CaseEvent.objects.filter(case_id=case.pk).order_by("-id").first()
