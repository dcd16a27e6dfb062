"""`tongxin sla sweep --now …` runs one sweep (for operators and cron); `tongxin sla
calendar` prints the calendar warnings."""

from datetime import date
from io import StringIO

from django.core.management import call_command
from django.utils import translation

from tests.supervision.helpers import dispatched, fast_passwords, local, warnings_of  # noqa: F401


def test_sweep_command(world):
    case = dispatched(world, local(2026, 11, 16, 9))
    out = StringIO()

    call_command("sla", "sweep", "--now", "2026-11-24T09:00", stdout=out)

    assert out.getvalue().strip() == "red=1 yellow=0"
    assert warnings_of(case) == ["warn_red"]


def test_calendar_command(db, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: date(2026, 11, 22))
    err = StringIO()

    with translation.override("en"):
        call_command("sla", "calendar", stderr=err)

    assert "2027" in err.getvalue()
