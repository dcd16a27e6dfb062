"""预案研判: which emergency plan, at which level, a case calls for.

A level's trigger says what the event is — a category (its sub-categories included), words
of the report, a sensor alarm type: any one of those the level sets, holding — and, when the
level sets a number, how big it is: at least that many such reports within
`TONGXIN_PLAN_TRIGGER_RADIUS_M` of this one (its street when it has no point) in the window's
hours up to its report, itself included. Per plan the gravest level whose trigger holds is
proposed. Nothing starts by itself: the command centre decides (一键启动 on the case page,
with the proposal pre-selected), since a plan calls out units and stock.

The triggers are reference data held in process (tongxin.core.cache): the bus subscriber
that tells the command centre costs no statement for a report that matches no plan.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from tongxin.accounts.models import Role
from tongxin.cases.events import Recorded
from tongxin.cases.models import Case, Channel
from tongxin.core.cache import ProcessCache
from tongxin.core.language import in_default_language
from tongxin.notifications import inbox
from tongxin.notifications.models import Notification
from tongxin.org.selectors import category_subtrees

from .models import LEVEL_NAMES, Incident, IncidentStatus, PlanLevel
from .selectors import metres

DEVICE_CHANNELS = frozenset({Channel.IOT, Channel.VIDEO})
VERB = "plan_proposed"
MESSAGE_ROOM = 180  # of the inbox's 255 characters, beside the case number and the lead


@dataclass(frozen=True)
class Trigger:
    plan_id: int
    plan_name: str
    level: int
    categories: frozenset[int]  # the trigger category and every one below it
    category_name: str
    keywords: tuple[str, ...]
    alarm: str
    similar: int | None
    window_hours: int | None

    def what(self, *, category_id: int | None, text: str, alarms: set[str]) -> str | None:
        """Why the case is this level's kind of event, or None."""
        if category_id is not None and category_id in self.categories:
            return _("category %(name)s") % {"name": self.category_name}
        for word in self.keywords:
            if word and word in text:
                return _("the words “%(word)s”") % {"word": word}
        if self.alarm and self.alarm in alarms:
            return _("a %(type)s sensor alarm") % {"type": self.alarm}
        return None


@dataclass(frozen=True)
class Proposal:
    plan_id: int
    plan_name: str
    level: int
    reasons: tuple[str, ...]

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES[self.level]


def _load() -> list[Trigger]:
    """The levels of every active plan's newest version, gravest first within a plan."""
    below = category_subtrees()
    rows = (PlanLevel.objects.filter(version__plan__active=True)
            .select_related("version__plan", "trigger_category")
            .order_by("version__plan__name", "-version__number", "level"))
    newest: dict[int, int] = {}
    out = []
    for row in rows:
        plan = row.version.plan
        if newest.setdefault(plan.pk, row.version.number) != row.version.number:
            continue  # an older version's level
        category = row.trigger_category
        out.append(Trigger(
            plan_id=plan.pk, plan_name=plan.name, level=row.level,
            categories=frozenset(below.get(category.pk, {category.pk})) if category else
            frozenset(), category_name=category.name if category else "",
            keywords=tuple(str(w).strip() for w in row.trigger_keywords or ()),
            alarm=row.trigger_sensor_alarm.strip(), similar=row.trigger_similar_cases,
            window_hours=row.trigger_window_hours))
    return out


TRIGGERS = ProcessCache(_load, ttl=60, watch=(
    "emergency.Plan", "emergency.PlanVersion", "emergency.PlanLevel", "org.Category"))


def _alarms(case: Case) -> set[str]:
    if case.channel not in DEVICE_CHANNELS:
        return set()
    return set(case.alarms.values_list("alarm_type", flat=True))


def _text(case: Case) -> str:
    return f"{case.title}\n{case.description}"


def similar_reports(case: Case, trigger: Trigger) -> int:
    """Reports of the trigger's kind near this one in the window up to it, itself included."""
    hours = trigger.window_hours or 24
    kind = Q(pk=case.pk)
    if trigger.categories:
        kind |= Q(category_id__in=trigger.categories) | Q(
            triage__category_id__in=trigger.categories)
    for word in trigger.keywords:
        if word:
            kind |= Q(title__contains=word) | Q(description__contains=word)
    if trigger.alarm:
        kind |= Q(alarms__alarm_type=trigger.alarm)
    near = Case.objects.filter(kind, created_at__gt=case.created_at - timedelta(hours=hours),
                               created_at__lte=case.created_at, merged_into__isnull=True)
    if case.lat is None or case.lng is None:
        return near.filter(street_id=case.street_id).distinct().count() if case.street_id else 1
    lat, lng = case.lat, case.lng
    radius = float(settings.TONGXIN_PLAN_TRIGGER_RADIUS_M)
    dlat = radius / 111_320  # metres per degree of latitude: a box first, the circle after
    dlng = dlat / max(0.01, math.cos(math.radians(lat)))
    points = near.filter(lat__range=(lat - dlat, lat + dlat),
                         lng__range=(lng - dlng, lng + dlng)).values_list(
        "pk", "lat", "lng").distinct()  # distinct: a case of two matching alarms counts once
    return sum(1 for _pk, la, ln in points
               if la is not None and ln is not None and metres(lat, lng, la, ln) <= radius)


def _triaged_category(case: Case) -> int | None:
    if case.category_id is not None:
        return case.category_id
    from tongxin.triage.models import TriageResult  # triage reads cases; no cycle at import
    return (TriageResult.objects.filter(case_id=case.pk)
            .values_list("category_id", flat=True).first())


def propose(case: Case, *, category_id: int | None = None) -> list[Proposal]:
    """The gravest level met of each plan, with its reasons; none while an incident is open.
    `category_id` defaults to the case's category, else the one triage chose."""
    triggers = TRIGGERS.get()
    if not triggers:
        return []
    text, alarms = _text(case), _alarms(case)
    category = category_id if category_id is not None else _triaged_category(case)
    met: dict[int, Proposal] = {}
    for t in triggers:  # gravest first within a plan
        if t.plan_id in met:
            continue
        reason = t.what(category_id=category, text=text, alarms=alarms)
        if reason is None:
            continue
        reasons = [reason]
        if t.similar:
            count = similar_reports(case, t)
            if count < t.similar:
                continue
            reasons.append(_("%(count)d such reports within %(radius)d m in %(hours)d h "
                             "(the level asks for %(need)d)") % {
                "count": count, "radius": settings.TONGXIN_PLAN_TRIGGER_RADIUS_M,
                "hours": t.window_hours or 24, "need": t.similar})
        met[t.plan_id] = Proposal(t.plan_id, t.plan_name, t.level, tuple(reasons))
    if met and Incident.objects.filter(case=case, status=IncidentStatus.ACTIVE).exists():
        return []
    return list(met.values())


def _matches_any(case: Case) -> bool:
    """Cheap first look, with what the event's writer holds: no statement."""
    text = _text(case)
    return any(t.what(category_id=case.category_id, text=text, alarms=set()) is not None
               or (t.alarm and case.channel in DEVICE_CHANNELS) for t in TRIGGERS.get())


@in_default_language  # the inbox is read later by others: in the product's language
def tell_command_centre(items: Sequence[Recorded]) -> None:
    """After a case is registered or dispatched: its command centre's dispatchers hear of a
    plan it calls for, once per case."""
    for item in items:
        case = item.case
        if not _matches_any(case):
            continue
        proposals = propose(case)
        if not proposals or Notification.objects.filter(case_id=case.pk, verb=VERB).exists():
            continue
        text = "; ".join(_("%(plan)s at level %(level)s (%(why)s)") % {
            "plan": p.plan_name, "level": p.level_name, "why": ", ".join(p.reasons)}
            for p in proposals)[:MESSAGE_ROOM]
        template = (_("Case %(number)s may call for an emergency plan: ")
                    + text.replace("%", "%%"))
        inbox.to_members_of_cases([case.pk], verb=VERB, template=template, at=item.event.at,
                                  case_field="owner_region", member_field="region",
                                  role=Role.DISPATCHER)
