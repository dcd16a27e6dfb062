"""Plan triggers for the test world: the gas-leak plan's level Ⅳ is met by one report with
燃气 in it, Ⅲ by three such reports within the radius in two hours, Ⅱ and Ⅰ by ten."""

from __future__ import annotations

from datetime import datetime

from tests.cases.loop import POINT_A1
from tests.world import World
from tongxin.cases import services
from tongxin.cases.models import Case
from tongxin.cases.services import NewCase

from .command import Command


def graded(command: Command) -> Command:
    for row in command.version.levels.all():
        row.trigger_similar_cases = {4: None, 3: 3}.get(row.level, 10)
        row.trigger_window_hours = 2
        row.save()
    return command


def reported(world: World, *, at: datetime, title: str = "楼道里燃气味很重",
             point: tuple[float, float] = POINT_A1, register: bool = True) -> Case:
    case = services.create_case(actor=world.user("operator"), at=at, new=NewCase(
        channel="hotline", title=title, lat=point[0], lng=point[1]))
    if register:
        services.act(case_id=case.pk, actor=world.user("street_a"), action="register", at=at)
    return case
