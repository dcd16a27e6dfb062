"""Sensors and video alarms as a channel (智能感知).

A Device reports events (smoke, tilt, water_level, heartbeat, a video platform's 消防通道占用
…). Its Profile's rules say which event values raise an alarm of which severity, and what
clears it. One active Alarm per device and type (ThingsBoard's "one alarm per originator
and type"): repeats only update its count and last time, and the alarm opens at most one
case. Every message is kept once by its id, so a broker's redelivery or a platform's retry
is a duplicate, not a second alarm.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Op(models.TextChoices):
    GE = "ge", "≥"
    LE = "le", "≤"
    EQ = "eq", "="
    ANY = "any", _("any value")


class Profile(models.Model):
    """A kind of device: its alarm rules, its heartbeat and where its cases go."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    channel = models.CharField(_("channel"), max_length=10, default="iot",
                               choices=[("iot", _("Sensor")), ("video", _("Video"))])
    heartbeat_s = models.PositiveIntegerField(
        _("heartbeat interval (s)"), default=0,
        help_text=_("A device silent for twice this long is offline (0: no heartbeat)."))
    category = models.ForeignKey("org.Category", verbose_name=_("case category"), null=True,
                                 blank=True, on_delete=models.SET_NULL, related_name="+")
    false_alarm_limit = models.FloatField(
        _("false-alarm rate that flags maintenance"), default=0.5)

    class Meta:
        verbose_name = _("device profile")
        verbose_name_plural = _("device profiles")

    def __str__(self) -> str:
        return self.name


class Rule(models.Model):
    """Raise an alarm of `alarm_type` when an event of `event_type` meets the condition
    `repeat` times within `window_s` seconds (1 time: at once); clear it when an event meets
    the clear condition."""

    profile = models.ForeignKey(Profile, verbose_name=_("profile"), on_delete=models.CASCADE,
                                related_name="rules")
    event_type = models.CharField(_("event type"), max_length=30)
    alarm_type = models.CharField(_("alarm type"), max_length=30)
    title = models.CharField(_("case title"), max_length=100)
    severity = models.CharField(_("severity"), max_length=10, default="major",
                                choices=[("critical", _("Critical")), ("major", _("Major")),
                                         ("minor", _("Minor"))])
    op = models.CharField(_("condition"), max_length=3, choices=Op.choices, default=Op.GE)
    threshold = models.FloatField(_("threshold"), default=0)
    repeat = models.PositiveSmallIntegerField(_("times"), default=1)
    window_s = models.PositiveIntegerField(_("within (s)"), default=60)
    clear_op = models.CharField(_("clear condition"), max_length=3, choices=Op.choices,
                                blank=True)
    clear_threshold = models.FloatField(_("clear threshold"), default=0)
    urgent = models.BooleanField(_("urgent case"), default=False)

    class Meta:
        verbose_name = _("alarm rule")
        verbose_name_plural = _("alarm rules")

    def __str__(self) -> str:
        return f"{self.profile} · {self.alarm_type}"


class DeviceState(models.TextChoices):
    ONLINE = "online", _("Online")
    OFFLINE = "offline", _("Offline")
    ALARM = "alarm", _("In alarm")


class Device(models.Model):
    code = models.CharField(_("device code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    profile = models.ForeignKey(Profile, verbose_name=_("profile"), on_delete=models.PROTECT,
                                related_name="devices")
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lng = models.FloatField(_("longitude"), null=True, blank=True)
    grid = models.ForeignKey("regions.Region", verbose_name=_("grid"), on_delete=models.PROTECT,
                             related_name="+")
    building = models.ForeignKey("basedata.Building", verbose_name=_("building"), null=True,
                                 blank=True, on_delete=models.SET_NULL, related_name="devices")
    component = models.ForeignKey("basedata.Component", verbose_name=_("component"), null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="devices")
    department = models.ForeignKey("org.Department", verbose_name=_("responsible unit"),
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    state = models.CharField(_("state"), max_length=8, choices=DeviceState.choices,
                             default=DeviceState.ONLINE, db_index=True)
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True, db_index=True)
    needs_maintenance = models.BooleanField(_("needs maintenance"), default=False)

    class Meta:
        verbose_name = _("device")
        verbose_name_plural = _("devices")

    def __str__(self) -> str:
        return self.code


class Message(models.Model):
    """Each message once: (device, msg_id) is unique, so a redelivery is a duplicate."""

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="messages")
    msg_id = models.CharField(max_length=64)
    ts = models.DateTimeField()
    event_type = models.CharField(max_length=30)
    value = models.FloatField(null=True)
    severity = models.CharField(max_length=10, blank=True)
    received_at = models.DateTimeField()

    class Meta:
        # msg_id first: the ingest looks a batch up by its msg_ids alone (one index range
        # per id), then matches the devices in Python.
        constraints = [models.UniqueConstraint(fields=["msg_id", "device"],
                                               name="message_once")]
        indexes = [models.Index(fields=["device", "event_type", "ts"], name="message_recent")]

    def __str__(self) -> str:
        return f"{self.device_id}/{self.msg_id}"


class AlarmStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    CLEARED = "cleared", _("Cleared")
    FALSE = "false", _("False alarm")


OPEN_ALARM = Q(status__in=[AlarmStatus.ACTIVE, AlarmStatus.ACKNOWLEDGED])


class FalseCause(models.TextChoices):
    BURNING = "burning", _("Burning paper (烧纸)")
    COOKING = "cooking", _("Cooking fumes (油烟)")
    FAULT = "fault", _("Device fault (设备故障)")
    TEST = "test", _("Test or maintenance")
    OTHER = "other", _("Other")


class Alarm(models.Model):
    device = models.ForeignKey(Device, verbose_name=_("device"), on_delete=models.CASCADE,
                               related_name="alarms")
    alarm_type = models.CharField(_("alarm type"), max_length=30)
    severity = models.CharField(_("severity"), max_length=10)
    status = models.CharField(_("status"), max_length=12, choices=AlarmStatus.choices,
                              default=AlarmStatus.ACTIVE, db_index=True)
    count = models.PositiveIntegerField(_("count"), default=1)
    first_at = models.DateTimeField(_("first"))
    last_at = models.DateTimeField(_("last"))
    value = models.FloatField(_("last value"), null=True)
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="alarms")
    cleared_at = models.DateTimeField(_("cleared"), null=True, blank=True)
    false_cause = models.CharField(_("false-alarm cause"), max_length=10,
                                   choices=FalseCause.choices, blank=True)

    class Meta:
        verbose_name = _("alarm")
        verbose_name_plural = _("alarms")
        constraints = [models.UniqueConstraint(
            fields=["device", "alarm_type"], condition=OPEN_ALARM, name="one_open_alarm")]

    def __str__(self) -> str:
        return f"{self.device} · {self.alarm_type} · {self.status}"


class Counter(models.Model):
    """What the ingest did with every message it got, by outcome (processed, duplicate,
    malformed, unknown_device), so every message is accounted for."""

    name = models.CharField(max_length=20, unique=True)
    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}={self.value}"
