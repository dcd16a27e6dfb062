"""Run the suite as if today were another date: `TONGXIN_TEST_WALL_CLOCK=2028-03-15T10:00+08:00`.

A time bomb is a test that passes only while the calendar is on its side: a fixed moment is
given to the code under test while some step in between reads the wall clock. Moving the
wall clock for the whole run (time-machine, ticking from the given moment, in every thread —
the live server's too) makes such a test fail today rather than next month.
`make test-dates` runs the time-sensitive part of the suite at the dates that matter.
"""

from __future__ import annotations

import os
from datetime import datetime

import time_machine

VARIABLE = "TONGXIN_TEST_WALL_CLOCK"
_travel: time_machine.travel | None = None


def pytest_configure(config) -> None:
    global _travel
    moment = os.environ.get(VARIABLE, "").strip()
    if not moment:
        return
    at = datetime.fromisoformat(moment)
    if at.tzinfo is None:
        raise SystemExit(f"{VARIABLE} needs a time zone offset, e.g. {moment}+08:00")
    _travel = time_machine.travel(at, tick=True)
    _travel.start()


def pytest_report_header(config) -> str | None:
    moment = os.environ.get(VARIABLE, "").strip()
    return f"wall clock moved to {moment} ({VARIABLE})" if moment else None


def pytest_unconfigure(config) -> None:
    if _travel is not None:
        _travel.stop()
