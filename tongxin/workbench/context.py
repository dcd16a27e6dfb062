"""Template context for every page: the navigation of the signed-in user.

Everything is computed on first use (cached_property), so a page that does not show the
sidebar — an htmx partial, the login form, an error page — runs no query for it.
"""

from __future__ import annotations

from functools import cached_property

from django.utils import timezone
from django.utils.translation import get_language

from tongxin.accounts.access import has_permission, is_citizen_only, roles_of
from tongxin.accounts.models import Role, User
from tongxin.accounts.permissions import AUDIT_READ, BASE_VIEW, CREATE, EXPORT, VIEW
from tongxin.cases.selectors import queue_counts
from tongxin.councils.selectors import sees_councils
from tongxin.emergency.selectors import sees_emergency
from tongxin.hotline.kb_access import may_keep_kb
from tongxin.mediation.selectors import sees_mediation
from tongxin.notifications.services import unread_count
from tongxin.participation.selectors import may_take_part
from tongxin.party.selectors import sees_party
from tongxin.scoring.peer import may_rate_peers
from tongxin.sla.selectors import calendar_warnings
from tongxin.supervision.selectors import orders_awaiting
from tongxin.supervision.views import may_see_board, may_see_orders
from tongxin.whistle.services import sees_whistles

from .queues import Tab, tabs_for


def may_create_cases(user: User) -> bool:
    # Citizens report through the portal, not the staff form.
    return has_permission(user, CREATE) and not is_citizen_only(user)


class Navigation:
    def __init__(self, user: User) -> None:
        self.user = user

    @cached_property
    def queue_counts(self) -> dict[str, int]:
        return queue_counts(self.user)

    @cached_property
    def tabs(self) -> list[Tab]:
        return tabs_for(self.user, self.queue_counts)

    @cached_property
    def unread(self) -> int:
        return unread_count(self.user.pk)

    @cached_property
    def roles(self) -> list[str]:
        labels = dict(Role.choices)
        return [str(labels.get(r, r)) for r in sorted(roles_of(self.user))]

    @cached_property
    def can_create(self) -> bool:
        return may_create_cases(self.user)

    # Supervision (督办): the links of the sidebar and the count of orders awaiting a reply.
    @cached_property
    def sees_board(self) -> bool:
        return may_see_board(self.user)

    @cached_property
    def sees_orders(self) -> bool:
        return may_see_orders(self.user)

    @cached_property
    def orders_awaiting(self) -> int:
        return orders_awaiting(self.user).count() if self.sees_orders else 0

    # Knowledge-base upkeep (tongxin.hotline): department handlers and the command centre.
    @cached_property
    def keeps_kb(self) -> bool:
        return may_keep_kb(self.user)

    # Security (tongxin.security): the audit log for the audit administrator, CSV export.
    @cached_property
    def sees_audit(self) -> bool:
        return has_permission(self.user, AUDIT_READ)

    # The grid's base data (tongxin.basedata): profiles, people, visits, proposed changes.
    @cached_property
    def sees_basedata(self) -> bool:
        return has_permission(self.user, BASE_VIEW)

    # Responsibility areas (tongxin.areas): road chiefs, police blocks, property companies.
    @cached_property
    def sees_areas(self) -> bool:
        return has_permission(self.user, VIEW)

    # The mediation centre (tongxin.mediation): its committees' staff and the command centre.
    @cached_property
    def sees_mediation(self) -> bool:
        return sees_mediation(self.user)

    # Emergency command (tongxin.emergency): the command centre and the leaders.
    @cached_property
    def sees_emergency(self) -> bool:
        return sees_emergency(self.user)
    # Grid councils (tongxin.councils), 吹哨报到 calls (tongxin.whistle), the party tree.
    @cached_property
    def sees_councils(self) -> bool:
        return sees_councils(self.user)

    @cached_property
    def sees_whistles(self) -> bool:
        return sees_whistles(self.user)

    @cached_property
    def sees_party(self) -> bool:
        return sees_party(self.user)

    @cached_property
    def can_export(self) -> bool:
        return has_permission(self.user, EXPORT)

    @cached_property
    def sees_command_center(self) -> bool:
        # Map, dashboard and analytics (tongxin.analytics) are for staff, not citizens.
        return not is_citizen_only(self.user)

    # Citizen features (points, micro-wishes) for residents and grid workers only; the
    # reverse evaluation for those it offers something to rate.
    @cached_property
    def takes_part(self) -> bool:
        return may_take_part(self.user)

    @cached_property
    def rates_peers(self) -> bool:
        return may_rate_peers(self.user)

    @cached_property
    def calendar_warnings(self) -> list[str]:
        # For administrators, who can enter the missing holiday schedule.
        if not (self.user.is_staff or Role.ADMIN in roles_of(self.user)):
            return []
        return calendar_warnings(timezone.localdate())


def navigation(request) -> dict:
    context: dict = {"current_language": get_language()}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["nav"] = Navigation(user)
    return context
