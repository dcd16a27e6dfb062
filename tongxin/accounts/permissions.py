"""The permission catalogue: which role may do what. The one place roles get their powers.

Workflow rows name a permission (cases.dispatch …); a user holds it through a membership whose
role lists it here, and only for the cases that membership's scope covers (see access.py).
"""

from .models import Role

VIEW = "cases.view"
CREATE = "cases.create"
VIEW_PERSONAL = "cases.view_personal"  # reporter's name and phone unmasked

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.CITIZEN: frozenset({VIEW, CREATE, "cases.rate"}),
    Role.GRID_WORKER: frozenset(
        {VIEW, CREATE, "cases.close_on_spot", "cases.verify", "cases.rate", VIEW_PERSONAL}
    ),
    Role.OPERATOR: frozenset(
        {VIEW, CREATE, "cases.register", "cases.answer", "cases.rate", VIEW_PERSONAL}
    ),
    Role.DISPATCHER: frozenset(
        {
            VIEW, CREATE, VIEW_PERSONAL,
            "cases.register", "cases.reject", "cases.merge", "cases.answer", "cases.dispatch",
            "cases.escalate", "cases.adjudicate", "cases.extend_decide", "cases.verify",
            "cases.reopen", "cases.rate",
        }
    ),
    Role.HANDLER: frozenset(
        {VIEW, "cases.accept", "cases.return", "cases.extend_request", "cases.reply"}
    ),
    Role.SUPERVISOR: frozenset({VIEW, "cases.supervise", "cases.refer"}),
    Role.LEADER: frozenset({VIEW, "cases.adjudicate", "cases.supervise"}),
    Role.ADMIN: frozenset({VIEW}),
}


def role_has(role: str, permission: str) -> bool:
    return permission in ROLE_PERMISSIONS.get(role, frozenset())
