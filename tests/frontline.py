"""The city's side of the closed loop, for the front-line apps' tests: a reported case is
registered, dispatched to 区城管局, signed for and answered (and optionally verified)."""

from tests.world import World
from tongxin.cases.models import Case
from tongxin.cases.services import ActionInput, act


def handle(w: World, case: Case, *, result: str, verify: bool = True) -> None:
    dispatcher, handler = w.user("dispatcher"), w.user("handler")
    act(case_id=case.pk, actor=dispatcher, action="register")
    act(case_id=case.pk, actor=dispatcher, action="dispatch",
        data=ActionInput(lead_department=w.departments["cg"]))
    act(case_id=case.pk, actor=handler, action="accept")
    act(case_id=case.pk, actor=handler, action="reply", data=ActionInput(note=result))
    if verify:
        act(case_id=case.pk, actor=dispatcher, action="verify_pass")
