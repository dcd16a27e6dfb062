"""Template helpers of the workbench: badges, countdowns, labels and timeline details."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tongxin.cases.conditions import clock_runs
from tongxin.cases.labels import action_label as _action_label
from tongxin.cases.models import Case, Channel, Rating, Status, Warning
from tongxin.sla.models import TimeLimitPolicy

register = template.Library()

STATUS_LABELS = dict(Status.choices)


@register.filter
def action_label(code: str) -> str:
    return _action_label(code)


@register.filter
def status_label(code: str) -> str:
    return str(STATUS_LABELS.get(code, code or "—"))


@register.inclusion_tag("workbench/_status_badge.html")
def status_badge(status: str) -> dict:
    return {"status": status, "label": status_label(status)}


def clock_running(case: Case) -> bool:
    """The unit's finish clock runs from dispatch until it replies, and an urgent case's
    from adjudication on (cases.conditions)."""
    return clock_runs(case.status, case.urgency) and case.finish_deadline is not None


def effective_warning(case: Case, now: datetime | None = None) -> str:
    """The stored warning, raised to red when the deadline has passed since the last sweep."""
    if not clock_running(case):
        return Warning.NONE
    assert case.finish_deadline is not None  # clock_running checks it
    if case.finish_deadline <= (now or timezone.now()):
        return Warning.RED
    return case.warning


def _span(seconds: float) -> str:
    minutes = int(seconds // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return _("%(days)d d %(hours)d h") % {"days": days, "hours": hours}
    if hours:
        return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": mins}
    return _("%(minutes)d min") % {"minutes": mins}


@register.inclusion_tag("workbench/_deadline.html")
def deadline(case: Case, dash: bool = True) -> dict:
    """Time left until the finish deadline, or time overdue, while the unit's clock runs:
    a red badge when overdue, a yellow one beside the countdown after the warning."""
    if not clock_running(case):
        return {"level": "", "text": "", "dash": dash}
    level = effective_warning(case)
    assert case.finish_deadline is not None  # clock_running checks it
    left = (case.finish_deadline - timezone.now()).total_seconds()
    if left < 0:
        return {"level": "red", "text": _("%(span)s overdue") % {"span": _span(-left)}}
    return {"level": level, "text": _("%(span)s left") % {"span": _span(left)},
            "badge": dict(Warning.choices)[Warning.YELLOW] if level == Warning.YELLOW else ""}


# Labels of the keys services write into CaseEvent.data, in display order.
DETAIL_LABELS = {
    "lead": lambda: _("Lead department"),
    "co": lambda: _("Co-handling departments"),
    "policy": lambda: _("Time-limit policy"),
    "finish_deadline": lambda: _("Finish deadline"),
    "department": lambda: _("Returned by"),
    "master": lambda: _("Merged into"),
    "until": lambda: _("Requested deadline"),
    "from": lambda: _("From"),
    "to": lambda: _("To"),
    "level": lambda: _("Level"),
    "region": lambda: _("Escalated to"),
    "rating": lambda: _("Rating"),
    "rework": lambda: _("Rework round"),
    "channel": lambda: _("Channel"),
    "related": lambda: _("Related case"),
}


def _value(key: str, value) -> str:
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or "—"
    if key == "rating":
        return str(dict(Rating.choices).get(value, value))
    if key == "channel":
        return str(dict(Channel.choices).get(value, value))
    if key == "policy":
        return policy_label(value)
    if isinstance(value, str) and (moment := _as_datetime(value)):
        return date_format(timezone.localtime(moment), "Y-m-d H:i")
    return "—" if value in (None, "") else str(value)


def policy_label(name: str) -> str:
    # Events store the policy's slug; people know it by its label (一般事项, 特事特办 …).
    # A timeline holds a handful of dispatches, so one small query each is fine.
    label = TimeLimitPolicy.objects.filter(name=name).values_list("label", flat=True).first()
    return label or name


def _as_datetime(text: str) -> datetime | None:
    try:
        moment = parse_datetime(text) if "T" in text else None
    except ValueError:
        return None
    return moment if moment is not None and timezone.is_aware(moment) else None


@register.simple_tag
def event_details(event) -> list[tuple[str, str]]:
    """The event's details as (label, value) pairs a person can read; unknown keys are left
    out rather than shown raw, so internal bookkeeping never reaches the page."""
    data = event.data or {}
    return [(label(), _value(key, data[key])) for key, label in DETAIL_LABELS.items()
            if key in data and data[key] not in (None, "", [])]


@register.filter
def inbox_detail(notification) -> str:
    """The notification's own sentence, unless it only repeats the case number and the raw
    action code (notifications.handlers writes "案件 N：dispatch"), which the label says."""
    message = (notification.message or "").strip()
    return "" if message.endswith(notification.verb) else message


@register.filter
def is_image(attachment) -> bool:
    return (attachment.content_type or "").startswith("image/")


@register.filter
def filename(attachment) -> str:
    return attachment.file.name.rsplit("/", 1)[-1]
