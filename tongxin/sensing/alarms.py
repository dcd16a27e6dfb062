"""One alarm per fault: the rules of a device's profile applied to one new event.

An alarm is keyed by (device, alarm type) while it is open (a partial unique index): a
repeat updates its count and last time; the first one opens the alarm's one case through
the case engine (channel iot or video), and clearing or closing it as false notes the case.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.accounts.access import has_permission
from tongxin.accounts.models import User
from tongxin.cases.models import Case, Urgency
from tongxin.cases.services import NewCase, create_case, system_note
from tongxin.core.errors import PermissionDenied, ValidationFailed

from .models import OPEN_ALARM, Alarm, AlarmStatus, Device, DeviceState, Message, Op, Rule

if TYPE_CHECKING:
    from .ingest import Event

OFFLINE = "offline"
# A device whose false alarms reach the profile's rate over at least this many closed
# alarms is flagged for maintenance (fewer say nothing about a rate).
MIN_FOR_RATE = 3


def meets(op: str, value: float | None, threshold: float) -> bool:
    if op == Op.ANY:
        return True
    if value is None:
        return False
    return {Op.GE: value >= threshold, Op.LE: value <= threshold,
            Op.EQ: value == threshold}.get(Op(op), False)


def _value_q(op: str, threshold: float) -> Q:
    lookup = {Op.GE: "value__gte", Op.LE: "value__lte", Op.EQ: "value"}.get(Op(op))
    return Q(**{lookup: threshold}) if lookup else Q()


def rules_of(profile_ids: set[int]) -> dict[int, list[Rule]]:
    """The rules of these profiles, read once per batch."""
    found: dict[int, list[Rule]] = {pk: [] for pk in profile_ids}
    for rule in Rule.objects.filter(profile_id__in=profile_ids):
        found[rule.profile_id].append(rule)
    return found


def evaluate(device: Device, event: Event, *, now: datetime,
             rules: dict[int, list[Rule]] | None = None,
             open_alarms: set[tuple[int, str]] | None = None) -> None:
    """Apply the rules to one event. `open_alarms` ((device id, alarm type) of the alarms
    open before the batch) spares a locked read per normal reading of a quiet device."""
    mine = (rules or rules_of({device.profile_id}))[device.profile_id]
    for rule in (r for r in mine if r.event_type == event.type):
        if rule.clear_op and meets(rule.clear_op, event.value, rule.clear_threshold):
            if open_alarms is None or (device.pk, rule.alarm_type) in open_alarms:
                clear(device, rule.alarm_type, now=now)
        elif meets(rule.op, event.value, rule.threshold) and _repeated(device, event, rule):
            raise_alarm(device, rule.alarm_type, severity=event.severity or rule.severity,
                        value=event.value, at=event.ts, rule=rule)


def _repeated(device: Device, event: Event, rule: Rule) -> bool:
    """The condition met `rule.repeat` times within the window (this event included)."""
    if rule.repeat <= 1:
        return True
    since = event.ts - timedelta(seconds=rule.window_s)
    seen = Message.objects.filter(device=device, event_type=event.type, ts__gt=since,
                                  ts__lte=event.ts).filter(_value_q(rule.op, rule.threshold))
    return seen.count() >= rule.repeat


def raise_alarm(device: Device, alarm_type: str, *, severity: str, value: float | None,
                at: datetime, rule: Rule | None = None) -> Alarm:
    with transaction.atomic():
        updated = Alarm.objects.filter(OPEN_ALARM, device=device, alarm_type=alarm_type).update(
            count=F("count") + 1, last_at=at, value=value)
        if updated:
            return Alarm.objects.get(OPEN_ALARM, device=device, alarm_type=alarm_type)
        try:
            with transaction.atomic():
                alarm = Alarm.objects.create(device=device, alarm_type=alarm_type,
                                             severity=severity, first_at=at, last_at=at,
                                             value=value)
        except IntegrityError:  # another ingest opened it meanwhile: a repeat after all
            return raise_alarm(device, alarm_type, severity=severity, value=value, at=at,
                               rule=rule)
        if rule is not None:  # the offline alarm is the maintainers', not a case
            alarm.case = _open_case(device, rule, at)
            alarm.save(update_fields=["case"])
            Device.objects.filter(pk=device.pk).update(state=DeviceState.ALARM)
    return alarm


def _open_case(device: Device, rule: Rule, at: datetime) -> Case:
    where = device.name
    return create_case(actor=None, at=timezone.now(), note=f"{device.code} · {rule.alarm_type}",
                       new=NewCase(
        channel=device.profile.channel, title=f"{rule.title}（{where}）"[:100],
        description=_("Alarm %(type)s from device %(code)s at %(time)s.")
        % {"type": rule.alarm_type, "code": device.code,
           "time": timezone.localtime(at).strftime("%Y-%m-%d %H:%M:%S")},
        lat=device.lat, lng=device.lng, region=None if device.lat is not None else device.grid,
        category=device.profile.category,
        urgency=Urgency.URGENT if rule.urgent else Urgency.NORMAL))


def clear(device: Device, alarm_type: str, *, now: datetime) -> Alarm | None:
    with transaction.atomic():
        alarm = (Alarm.objects.select_for_update().filter(OPEN_ALARM, device=device,
                                                          alarm_type=alarm_type).first())
        if alarm is None:
            return None
        alarm.status, alarm.cleared_at = AlarmStatus.CLEARED, now
        alarm.save(update_fields=["status", "cleared_at"])
        _settle(device, now)
        if alarm.case_id:
            system_note(case_id=alarm.case_id, action="alarm_cleared", at=now,
                        note=_("The device reports normal again (%(count)d alarms).")
                        % {"count": alarm.count}, data={"alarm": alarm.pk})
    return alarm


def _settle(device: Device, now: datetime) -> None:
    if not Alarm.objects.filter(OPEN_ALARM, device=device).exclude(alarm_type=OFFLINE).exists():
        Device.objects.filter(pk=device.pk, state=DeviceState.ALARM).update(
            state=DeviceState.ONLINE)


def close_false(*, actor: User, alarm_id: int, cause: str,
                at: datetime | None = None) -> Alarm:
    """Close an alarm as false with its cause; a device whose false alarms reach its
    profile's rate is flagged for maintenance."""
    now = at or timezone.now()
    if not has_permission(actor, "cases.dispatch"):
        raise PermissionDenied(_("Only the command centre closes alarms as false."))
    with transaction.atomic():
        alarm = Alarm.objects.select_for_update().select_related("device__profile").filter(
            OPEN_ALARM, pk=alarm_id).first()
        if alarm is None:
            raise ValidationFailed(_("No such open alarm."))
        alarm.status, alarm.cleared_at, alarm.false_cause = AlarmStatus.FALSE, now, cause
        alarm.save(update_fields=["status", "cleared_at", "false_cause"])
        device = alarm.device
        _settle(device, now)
        closed = Alarm.objects.filter(device=device, alarm_type=alarm.alarm_type,
                                      status__in=[AlarmStatus.FALSE, AlarmStatus.CLEARED])
        total, false = closed.count(), closed.filter(status=AlarmStatus.FALSE).count()
        if total >= MIN_FOR_RATE and false / total >= device.profile.false_alarm_limit:
            Device.objects.filter(pk=device.pk).update(needs_maintenance=True)
        if alarm.case_id:
            system_note(case_id=alarm.case_id, action="alarm_false", at=now,
                        note=_("Closed as a false alarm: %(cause)s")
                        % {"cause": alarm.get_false_cause_display()},
                        data={"alarm": alarm.pk, "cause": cause})
    return alarm


def mark_offline(*, now: datetime | None = None) -> int:
    """Devices silent for twice their heartbeat: offline, with an offline alarm each."""
    now = now or timezone.now()
    silent = []
    for device in Device.objects.filter(profile__heartbeat_s__gt=0).exclude(
            state=DeviceState.OFFLINE).select_related("profile"):
        last = device.last_seen_at
        if last is None or now - last > timedelta(seconds=2 * device.profile.heartbeat_s):
            silent.append(device)
    for device in silent:
        Device.objects.filter(pk=device.pk).update(state=DeviceState.OFFLINE)
        raise_alarm(device, OFFLINE, severity="minor", value=None, at=now)
    return len(silent)
