"""Helpers: a case of grid A1 transferred to the A1 committee and signed for, as the 12345
centre and the committee would do it through the engine."""

from __future__ import annotations

from datetime import datetime

from tests.cases.loop import act, report
from tests.world import World
from tongxin.cases.models import Case, Channel

from .centre import Centre


def dispute_case(world: World, centre: Centre, *, at: datetime, title: str = "楼上邻居噪音扰民",
                 accept: bool = True) -> Case:
    case = report(world, reporter=None, title=title, at=at, channel=Channel.HOTLINE,
                  reporter_name="张三", reporter_phone="13800001111")
    act(world, case, "transfer_to_mediation", "operator", at=at,
        lead_department=centre.committee.department)
    if accept:
        act(world, case, "accept", "med_li", at=at)
    return Case.objects.get(pk=case.pk)
