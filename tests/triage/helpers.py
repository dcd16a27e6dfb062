"""New reports for triage tests, created the way intake creates them."""

from __future__ import annotations

from tests.world import World
from tongxin.cases.models import Case, Channel
from tongxin.cases.services import NewCase, create_case


def report(world: World, title: str, *, description: str = "", street: str = "A",
           **fields) -> Case:
    return create_case(
        actor=None,
        new=NewCase(channel=Channel.HOTLINE, title=title, description=description,
                    region=world.communities[f"{street}1"], reporter_name="张三",
                    reporter_phone="13812345678", **fields),
    )
