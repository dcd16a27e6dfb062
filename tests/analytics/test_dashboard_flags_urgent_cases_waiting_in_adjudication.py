"""The dashboard flags every urgent case still in adjudication (研判中): a count beside the
overdue card and a list, nearest deadline first, with its warning; normal cases in
adjudication and other streets' urgent cases are not in it."""

import json
from datetime import timedelta

from django.utils import timezone

from tests.analytics.helpers import client_for
from tests.supervision.helpers import POINT_A1, POINT_B1, act, fast_passwords  # noqa: F401
from tongxin.cases import services
from tongxin.cases.models import Channel, Urgency
from tongxin.cases.services import NewCase
from tongxin.cases.sweep import sweep


def adjudicated(world, title, *, urgent, point=POINT_A1, street="street_a", at):
    new = NewCase(channel=Channel.HOTLINE, title=title, lat=point[0], lng=point[1],
                  urgency=Urgency.URGENT if urgent else Urgency.NORMAL)
    case = services.create_case(actor=None, new=new, at=at)
    act(world, case, "register", street, at)
    act(world, case, "adjudicate", street, at, note="研判")
    case.refresh_from_db()
    return case


def test_urgent_cases_in_adjudication_are_flagged_with_their_warning(world):
    now = timezone.now()
    early = adjudicated(world, "燃气泄漏", urgent=True, at=now - timedelta(hours=30))
    late = adjudicated(world, "小区停水", urgent=True, at=now - timedelta(minutes=5))
    adjudicated(world, "路灯不亮", urgent=False, at=now - timedelta(hours=30))
    adjudicated(world, "停电", urgent=True, point=POINT_B1, street="street_b", at=now)
    sweep(now=now)

    data = json.loads(client_for(world, "street_a").get("/analytics/api/dashboard.json").content)

    assert data["kpis"]["urgent_adjudicating"] == 2
    rows = data["urgent_adjudicating"]
    assert [r["id"] for r in rows] == [early.pk, late.pk]
    assert rows[0]["warning"] == "red" and rows[0]["hours_left"] < 0
    assert rows[1]["warning"] == "none" and rows[1]["hours_left"] > 0
    district = json.loads(client_for(world, "dispatcher").get(
        "/analytics/api/dashboard.json").content)
    assert district["kpis"]["urgent_adjudicating"] == 3
