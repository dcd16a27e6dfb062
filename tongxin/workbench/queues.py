"""Which queue tabs each role works from, and where a user lands after logging in.

A handler lives in 待签收/处理中, a dispatcher in 待受理/待派遣/待核查; showing everyone every
tab would bury the queue they own. Users with several roles get the union, in loop order.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from tongxin.accounts.access import roles_of
from tongxin.accounts.models import Role, User
from tongxin.cases.labels import QUEUE_LABELS
from tongxin.cases.selectors import QUEUES

ALL_QUEUES = tuple(name for name, _statuses in QUEUES)

ROLE_QUEUES: dict[str, tuple[str, ...]] = {
    Role.DISPATCHER: ALL_QUEUES,
    Role.SUPERVISOR: ALL_QUEUES,
    Role.LEADER: ALL_QUEUES,
    Role.ADMIN: ALL_QUEUES,
    Role.OPERATOR: ("reported", "registered", "dispatched", "in_progress", "closed"),
    Role.HANDLER: ("dispatched", "in_progress", "replied", "closed"),
    Role.GRID_WORKER: ("reported", "in_progress", "replied", "closed"),
    Role.CITIZEN: ("reported", "in_progress", "replied", "closed"),
}

# The queue a role's daily work starts from; the first role in this order wins.
ROLE_HOME = (
    (Role.DISPATCHER, "reported"),
    (Role.OPERATOR, "reported"),
    (Role.HANDLER, "dispatched"),
    (Role.GRID_WORKER, "replied"),
    (Role.SUPERVISOR, "in_progress"),
    (Role.LEADER, "all"),
    (Role.ADMIN, "all"),
    (Role.CITIZEN, "all"),
)


@dataclass(frozen=True)
class Tab:
    name: str
    label: str
    count: int
    url: str
    alert: bool = False  # drawn in red: the overdue tab when it is not empty


def queues_for(user: User) -> tuple[str, ...]:
    roles = roles_of(user)
    wanted = {q for role in roles for q in ROLE_QUEUES.get(role, ())}
    return tuple(q for q in ALL_QUEUES if q in wanted)


def home_queue(user: User) -> str:
    roles = roles_of(user)
    return next((queue for role, queue in ROLE_HOME if role in roles), "all")


def tabs_for(user: User, counts: dict[str, int]) -> list[Tab]:
    base = reverse("workbench:cases")
    tabs = [Tab(q, str(QUEUE_LABELS[q]), counts.get(q, 0), f"{base}?queue={q}")
            for q in queues_for(user)]
    overdue = counts.get("overdue", 0)
    tabs.append(Tab("overdue", str(QUEUE_LABELS["overdue"]), overdue,
                    f"{base}?queue=all&overdue=on", alert=overdue > 0))
    # Every status belongs to exactly one queue, so the sum is the whole visible caseload.
    total = sum(counts.get(q, 0) for q in ALL_QUEUES)
    tabs.append(Tab("all", str(QUEUE_LABELS["all"]), total, f"{base}?queue=all"))
    return tabs
