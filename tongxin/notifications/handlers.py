"""Who hears about a case event: the bus subscriber that writes the inbox in the event's
transaction (tongxin.cases.events).

After a workflow action, the side that must act next: the lead unit's handlers (and on
dispatch the co-handlers') or the owning command center's dispatchers; never the actor. A
yellow warning goes to the lead unit (it still has time to act), a red alarm to the command
center; the unit hears of a red alarm through its automatic supervision order
(tongxin.supervision), so nobody gets the same news twice. Orders, replies and referrals are
announced by supervision with its own addressees.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from django.conf import settings
from django.utils.translation import gettext as _

from tongxin.accounts.models import Role
from tongxin.cases.events import Recorded
from tongxin.cases.labels import action_label
from tongxin.core.language import in_default_language

from . import inbox

TO_UNIT = frozenset({"dispatch", "verify_fail", "reopen", "extend_approve", "extend_deny"})
TO_COMMAND = frozenset({"report", "return", "reply", "extend_request", "escalate",
                        "adjudicate", "hand_back"})
WARNINGS = frozenset({"warn_yellow", "warn_red"})
# A recall or reassignment moves the case away from a unit: the case no longer names it, so
# the event does (data["units"]): the unit it left and, on reassignment, the one it goes to.
# So do a transfer to mediation (the mediation organisation's queue, and a unit that led it)
# and the mediation organisation's passing it on.
# A whistle (吹哨报到) and a miss of it name the departments called (tongxin.whistle).
TO_NAMED_UNITS = frozenset({"recall", "reassign", "transfer_to_mediation", "pass_on",
                            "whistle", "whistle_missed"})
ACTIONS = TO_UNIT | TO_COMMAND | WARNINGS

UNIT = {"case_field": "lead_department", "member_field": "department", "role": Role.HANDLER}
COMMAND = {"case_field": "owner_region", "member_field": "region", "role": Role.DISPATCHER}


def _template(action: str) -> tuple[str, dict]:
    if action == "warn_yellow":
        return (_("Case %(number)s: yellow warning, %(share)s%% of the time to finish is used"),
                {"share": round(float(settings.TONGXIN_YELLOW_SHARE) * 100)})
    if action == "warn_red":
        return _("Case %(number)s is overdue"), {}
    return _("Case %(number)s: %(action)s"), {"action": action_label(action)}


@in_default_language  # read later by others: in the product's language, not the actor's
def on_events(items: Sequence[Recorded]) -> None:
    groups: dict[tuple[str, int | None, datetime, bool], list[int]] = defaultdict(list)
    for item in items:
        event = item.event
        # An urgent case warned in adjudication has no unit yet: the command center that
        # must choose one hears of its yellow warning.
        unitless = item.case.lead_department_id is None
        groups[(event.action, event.actor_id, event.at, unitless)].append(item.case.pk)
    for (action, actor_id, at, unitless), case_ids in groups.items():
        to_command = action in TO_COMMAND or action == "warn_red" or (
            action == "warn_yellow" and unitless)
        audience = COMMAND if to_command else UNIT
        template, values = _template(action)
        inbox.to_members_of_cases(case_ids, verb=action, template=template, values=values,
                                  at=at, skip_user=actor_id, co_handlers=action == "dispatch",
                                  **audience)


@in_default_language
def on_units_changed(items: Sequence[Recorded]) -> None:
    """Recall and reassignment: the handlers of every unit the event names."""
    for item in items:
        event = item.event
        template, values = _template(event.action)
        inbox.to_departments(item.case.pk, event.data.get("units", []), verb=event.action,
                             template=template, values=values, at=event.at,
                             role=Role.HANDLER, skip_user=event.actor_id)
