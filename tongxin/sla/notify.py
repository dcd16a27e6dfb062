"""Inbox messages for raised warnings, written after the sweep's transaction commits.

A yellow warning goes to the handlers of the lead unit (they still have time to act); a red
alarm goes to the command center that dispatched the case. The unit hears about a red alarm
through the automatic supervision order instead (tongxin.supervision.notify), so nobody gets
the same news twice. One INSERT … SELECT per batch (sla.bulk), however many people it reaches.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime

from django.conf import settings
from django.utils.translation import gettext as _

from tongxin.accounts.models import Membership, Role

from .bulk import notify_members_of_cases
from .language import in_default_language


def members_by(field: str, role: str, ids: Iterable[int]) -> dict[int, list[int]]:
    """User ids holding `role` per department or region id (`field` = department_id or
    region_id): one query for a whole batch."""
    found: dict[int, list[int]] = defaultdict(list)
    rows = Membership.objects.filter(role=role, **{f"{field}__in": set(ids)}).values_list(
        field, "user_id"
    )
    for key, user_id in rows:
        found[key].append(user_id)
    return found


@in_default_language
def warnings_raised(warning: str, rows: Sequence, *, now: datetime | None = None) -> int:
    """Write the inbox rows for one sweep batch (`rows`: sweep.Claimed), dated `now`, the
    sweep's moment."""
    ids = [r.pk for r in rows]
    if warning == "yellow":
        return notify_members_of_cases(
            ids, case_field="lead_department", member_field="department", role=Role.HANDLER,
            verb="warn_yellow",
            template=_("Case %(number)s: yellow warning, %(share)s%% of the time to finish "
                       "is used"),
            values={"share": round(float(settings.TONGXIN_YELLOW_SHARE) * 100)}, now=now,
        )
    return notify_members_of_cases(
        ids, case_field="owner_region", member_field="region", role=Role.DISPATCHER,
        verb="warn_red", template=_("Case %(number)s is overdue"), now=now,
    )
