"""A hand-built month of cases with fixed timestamps (September 2026, plain working weeks),
driven through the real services, and the figures computed for it by hand.

The general policy: sign for within 1 working day, finish within 5; dispatched Monday 7 Sep
09:00 → sign-for deadline Tue 8 Sep 17:30, finish deadline Mon 14 Sep 17:30. Office hours
09:00–12:00 and 13:30–17:30 make 7 working hours a day.

| case | where | how it went |
|---|---|---|
| c1 | A1 portal, 路灯照明 | dispatched cg, signed at once, replied Wed 09:00, closed, 满意 — 14 h |
| c2 | A1 portal | signed late (Wed), replied late (Tue 15th 10:00), closed, 基本满意 — 43 h |
| c3 | A2 hotline | extension approved to 18 Sep, replied 16th (on time under the
  extension), 不满意 → rework, replied 18th, closed, 满意 — 63 h |
| c4 | B1 portal | dispatched cg, returned, dispatched zj, never signed for: open and overdue |
| c5 | A1 grid | closed on the spot by the grid worker |
| c6 | A1 portal | rejected |
| c7 | A1 portal | signed; extension request pending since the 14th: not overdue |
| c8 | A1 portal | signed, never replied: overdue |
| c9 | A1 portal | merged into c8: left out |
| c10 | A1 | answered at once, rated 不满意 (no unit to redo it) |
| c11, c12 | A1 | received 31 Aug and 1 Oct: outside the month |
"""

from __future__ import annotations

from tests.cases.loop import POINT_A2, POINT_B1, act, local, report
from tests.world import World
from tongxin.cases.models import Channel

SEP = (local(2026, 9, 1), local(2026, 10, 1))
AS_OF = local(2026, 10, 15, 10)


def _dispatched(w: World, title: str, at, *, point=None, street="street_a", channel=None,
                lead="cg", category=None):
    kwargs = {"point": point} if point else {}
    if category:
        kwargs["category"] = w.categories[category]
    if channel:
        kwargs["channel"] = channel
    case = report(w, title=title, at=at, **kwargs)
    act(w, case, "register", street, at=at)
    act(w, case, "dispatch", street, at=at, lead_department=w.departments[lead])
    return case


def build(w: World) -> dict:
    mon = local(2026, 9, 7, 9)
    c1 = _dispatched(w, "c1", mon, category="light")
    act(w, c1, "accept", "handler", at=local(2026, 9, 7, 10))
    act(w, c1, "reply", "handler", at=local(2026, 9, 9, 9), note="修好")
    act(w, c1, "verify_pass", "street_a", at=local(2026, 9, 9, 10))
    act(w, c1, "rate", "citizen", at=local(2026, 9, 9, 11), rating="satisfied")

    c2 = _dispatched(w, "c2", mon)
    act(w, c2, "accept", "handler", at=local(2026, 9, 9, 9))
    act(w, c2, "reply", "handler", at=local(2026, 9, 15, 10), note="修好")
    act(w, c2, "verify_pass", "street_a", at=local(2026, 9, 15, 11))
    act(w, c2, "rate", "citizen", at=local(2026, 9, 15, 12), rating="basically")

    c3 = _dispatched(w, "c3", mon, point=POINT_A2, channel=Channel.HOTLINE)
    act(w, c3, "accept", "handler", at=local(2026, 9, 7, 9, 30))
    act(w, c3, "extend_request", "handler", at=local(2026, 9, 10, 9), note="需采购",
        until=local(2026, 9, 18, 17, 30))
    act(w, c3, "extend_approve", "street_a", at=local(2026, 9, 10, 10))
    act(w, c3, "reply", "handler", at=local(2026, 9, 16, 9), note="修好")
    act(w, c3, "verify_pass", "street_a", at=local(2026, 9, 16, 10))
    # 不满意: the engine reworks the case at once (its rule), back to the same unit.
    act(w, c3, "rate", "citizen", at=local(2026, 9, 16, 10, 30), rating="unsatisfied")
    act(w, c3, "reply", "handler", at=local(2026, 9, 18, 9), note="重新修好")
    act(w, c3, "verify_pass", "street_a", at=local(2026, 9, 18, 10))
    act(w, c3, "rate", "citizen", at=local(2026, 9, 18, 11), rating="satisfied")

    c4 = _dispatched(w, "c4", mon, point=POINT_B1, street="street_b")
    act(w, c4, "return", "handler", at=local(2026, 9, 7, 10), note="非本单位职责")
    act(w, c4, "dispatch", "street_b", at=local(2026, 9, 7, 11),
        lead_department=w.departments["zj"])

    c5 = report(w, title="c5", reporter="grid_a1", channel=Channel.GRID,
                at=local(2026, 9, 8, 10))
    act(w, c5, "close_on_spot", "grid_a1", at=local(2026, 9, 8, 10, 5), note="已劝离")

    c6 = report(w, title="c6", at=local(2026, 9, 8, 9))
    act(w, c6, "reject", "street_a", at=local(2026, 9, 8, 9, 30), note="不属于受理范围")

    tue = local(2026, 9, 8, 9)
    c7 = _dispatched(w, "c7", tue)
    act(w, c7, "accept", "handler", at=local(2026, 9, 8, 10))
    act(w, c7, "extend_request", "handler", at=local(2026, 9, 14, 9), note="需协调",
        until=local(2026, 9, 30, 17, 30))

    c8 = _dispatched(w, "c8", tue)
    act(w, c8, "accept", "handler", at=local(2026, 9, 8, 10))

    c9 = report(w, title="c9", at=local(2026, 9, 8, 11))
    act(w, c9, "merge", "street_a", at=local(2026, 9, 8, 12), master=c8)

    c10 = report(w, title="c10", at=local(2026, 9, 9, 9))
    act(w, c10, "answer", "street_a", at=local(2026, 9, 9, 9, 10), note="已解答")
    act(w, c10, "rate", "citizen", at=local(2026, 9, 9, 12), rating="unsatisfied")

    report(w, title="c11", at=local(2026, 8, 31, 23, 59))
    report(w, title="c12", at=local(2026, 10, 1, 0, 0))
    return {"c1": c1, "c3": c3, "c4": c4, "c5": c5}


# Hand-computed for September (9 cases: c1–c8 and c10).
TOTAL = {
    "received": 9,
    "registration_rate": round(6 / 9, 4),  # c1 c2 c3 c4 c7 c8
    "on_time_acceptance_rate": round(4 / 6, 4),  # late: c2 (signed Wed), c4 (never)
    "closure_rate": round(3 / 6, 4),  # c1 c2 c3 of the six registered
    "on_time_closure_rate": round(2 / 3, 4),  # c2 late; c3 on time under its extension
    "satisfaction_rate": round(3 / 4, 4),  # c1 c2 c3 of c1 c2 c3 c10
    "return_visit_rate": round(4 / 5, 4),  # rated of closed c1 c2 c3 c5 c10
    "rework_rate": round(1 / 5, 4),  # c3
    "return_rate": round(1 / 6, 4),  # c4 of six dispatched
    "avg_handling_hours": 40.0,  # (14 + 43 + 63) / 3
    "overdue": 3,  # c2 c4 c8 (c7 waits for an extension decision)
}
STREET_B = {
    "received": 1, "registration_rate": 1.0, "on_time_acceptance_rate": 0.0,
    "closure_rate": 0.0, "on_time_closure_rate": None, "satisfaction_rate": None,
    "return_visit_rate": None, "rework_rate": None, "return_rate": 1.0,
    "avg_handling_hours": None, "overdue": 1,
}
