"""The permission catalogue: which role may do what. The one place roles get their powers.

Workflow rows name a permission (cases.dispatch …); a user holds it through a membership whose
role lists it here, and only for the cases that membership's scope covers (see access.py).
"""

from .models import Role

VIEW = "cases.view"
CREATE = "cases.create"
VIEW_PERSONAL = "cases.view_personal"  # may unmask a reporter's contact (an audited action)
EXPORT = "cases.export"
# The exact address, for the roles that go to the place; others see it without numbers.
VIEW_ADDRESS = "cases.view_address"
# 三员分立: the system administrator runs the system and its accounts, the security
# administrator grants roles and sets security policy, the audit administrator reads the
# audit log. None of them sees cases; tongxin.security.duties keeps them apart.
MANAGE_USERS = "accounts.manage_users"
GRANT_ROLES = "accounts.grant_roles"
AUDIT_READ = "audit.read"
# The grid's base data (tongxin.basedata): seeing it, revealing an ID number or phone in full
# (an audited action with a purpose), recording visits, and deciding the changes a visit
# proposes (the community administrator). Sensitive special-population tags have their own
# rule on top (tongxin.basedata.access).
BASE_VIEW = "basedata.view"
BASE_REVEAL = "basedata.reveal"
BASE_VISIT = "basedata.visit"
BASE_DECIDE = "basedata.decide"
# 应急指挥 (tongxin.emergency): seeing plans, resources and incidents; commanding them
# (committing teams, issuing stock, changing the level, closing); starting a plan from a case.
EMERGENCY_VIEW = "emergency.view"
EMERGENCY_COMMAND = "emergency.command"
START_PLAN = "cases.start_plan"
ADMIN_ROLES = frozenset({Role.SYSADMIN, Role.SECADMIN, Role.AUDITADMIN})

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.CITIZEN: frozenset({VIEW, CREATE, "cases.rate"}),
    Role.GRID_WORKER: frozenset(
        {VIEW, CREATE, "cases.close_on_spot", "cases.verify", "cases.rate", VIEW_PERSONAL,
         VIEW_ADDRESS, BASE_VIEW, BASE_REVEAL, BASE_VISIT}
    ),
    Role.OPERATOR: frozenset(
        {VIEW, CREATE, "cases.register", "cases.answer", "cases.rate", VIEW_PERSONAL,
         VIEW_ADDRESS, "cases.transfer_mediation"}
    ),
    Role.DISPATCHER: frozenset(
        {
            VIEW, CREATE, VIEW_PERSONAL, VIEW_ADDRESS, EXPORT,
            "cases.register", "cases.reject", "cases.merge", "cases.answer", "cases.dispatch",
            "cases.escalate", "cases.adjudicate", "cases.extend_decide", "cases.verify",
            "cases.reopen", "cases.rate", BASE_VIEW, "cases.transfer_mediation",
            EMERGENCY_VIEW, EMERGENCY_COMMAND, START_PLAN,
            "cases.whistle",  # 吹哨: the applier lets only a street's or community's do it
        }
    ),
    Role.HANDLER: frozenset(
        # cases.hand_back: only a mediation organisation's handlers (its mediators) get
        # anything from it, the appliers refuse it on every other unit's case.
        {VIEW, VIEW_ADDRESS, "cases.accept", "cases.return", "cases.extend_request",
         "cases.reply", "cases.hand_back", "cases.acknowledge"}
    ),
    Role.SUPERVISOR: frozenset({VIEW, "cases.supervise", "cases.refer"}),
    Role.LEADER: frozenset({VIEW, EXPORT, "cases.adjudicate", "cases.supervise", BASE_VIEW,
                            EMERGENCY_VIEW, EMERGENCY_COMMAND, START_PLAN}),
    Role.ADMIN: frozenset({VIEW, BASE_VIEW, BASE_REVEAL, BASE_DECIDE}),
    Role.SYSADMIN: frozenset({MANAGE_USERS}),
    Role.SECADMIN: frozenset({GRANT_ROLES}),
    Role.AUDITADMIN: frozenset({AUDIT_READ}),
}


def role_has(role: str, permission: str) -> bool:
    return permission in ROLE_PERMISSIONS.get(role, frozenset())
