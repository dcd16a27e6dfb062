"""Where each person lands after signing in: where their work is, not one case list for all.

A citizen reports and follows cases in the portal, a grid worker patrols with the field app,
an operator takes calls at the hotline console, a leader reads the dashboard, the system and
security administrators keep users and reference data in the admin, the audit administrator
reads the audit log. Everybody else (dispatchers, handlers, supervisors) gets their queue.
The first role of LANDINGS a user holds decides, so a grid worker who also dispatches lands
on the queue they dispatch from.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from tongxin.accounts.access import is_citizen_only, roles_of
from tongxin.accounts.models import Role, User

from .queues import home_queue

PORTAL = "portal:home"
# Roles whose work is the workbench queue come first: they land there (home_queue says which).
LANDINGS: tuple[tuple[str, str | None], ...] = (
    (Role.DISPATCHER, None),
    (Role.HANDLER, None),
    (Role.SUPERVISOR, None),
    (Role.OPERATOR, "hotline:console"),
    (Role.GRID_WORKER, "fieldapp:home"),
    (Role.LEADER, "analytics:dashboard"),
    (Role.ADMIN, "admin:index"),
    (Role.SYSADMIN, "admin:index"),
    (Role.SECADMIN, "admin:index"),
    (Role.AUDITADMIN, "security:audit"),
)


def landing_url(user: User) -> str:
    if is_citizen_only(user):
        return reverse(PORTAL)
    roles = roles_of(user)
    name = next((page for role, page in LANDINGS if role in roles), None)
    if name is not None:
        return reverse(name)
    return f"{reverse('workbench:cases')}?queue={home_queue(user)}"


def after_login_url(user: User, requested: str, *, host: str, secure: bool) -> str:
    """Where the login form sends `user`: the page asked for (a safe local URL), else the
    landing page. A citizen who signed in at the staff login is sent to the portal unless
    they asked for a portal page: the staff pages are not theirs."""
    safe = requested and url_has_allowed_host_and_scheme(requested, {host},
                                                         require_https=secure)
    portal = reverse(PORTAL)
    if is_citizen_only(user):
        return requested if safe and requested.startswith(portal) else portal
    return requested if safe and requested != "/" else landing_url(user)
