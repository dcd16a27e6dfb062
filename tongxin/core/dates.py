"""Dates as people type and read them, whatever the browser's locale.

Native <input type=date|month> draw the browser's own format (mm/dd/yyyy, "December 2026")
even inside a zh-Hans page. The forms use text inputs instead, with a pattern, a placeholder
and a clear error in the page's language: a day is always 2026-12-03 (ISO, read the same in
both languages); a month is 2026年12月 in zh-Hans and 2026-12 in English, and either is
accepted in both.
"""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

DAY_PATTERN = r"\d{4}-\d{2}-\d{2}"
DAY_TIME_PATTERN = r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}"
MONTH_PATTERN = r"\d{4}(-\d{1,2}|年\d{1,2}月)"
_MONTH = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})|年(\d{1,2})月)\s*$")


def is_chinese() -> bool:
    return (get_language() or "zh-hans").lower().startswith("zh")


def month_text(first: date) -> str:
    """The month as the page's language writes it: 2026年12月 / 2026-12."""
    return f"{first.year}年{first.month}月" if is_chinese() else first.strftime("%Y-%m")


def parse_month(text: str) -> date | None:
    """The first day of the month written as 2026-12 or 2026年12月 (None if it is not one)."""
    match = _MONTH.match(text or "")
    if match is None:
        return None
    year, month = int(match[1]), int(match[2] or match[3])
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        return None
    return date(year, month, 1)


def day_attrs() -> dict:
    return {"pattern": DAY_PATTERN, "placeholder": "yyyy-mm-dd", "inputmode": "numeric",
            "autocomplete": "off", "maxlength": "10", "data-date": "day",
            "title": _("Write the date as yyyy-mm-dd, e.g. 2026-12-03.")}


def month_attrs() -> dict:
    return {"pattern": MONTH_PATTERN, "autocomplete": "off", "maxlength": "9",
            "data-date": "month", "placeholder": "2026年12月" if is_chinese() else "yyyy-mm",
            "title": _("Write the month as 2026年12月 or 2026-12.")}


class DayInput(forms.DateInput):
    """A day as yyyy-mm-dd in a text input (not the browser's date picker)."""

    input_type = "text"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")

    def get_context(self, name, value, attrs):
        return super().get_context(name, value, {**day_attrs(), **(attrs or {})})


class DayTimeInput(forms.DateTimeInput):
    """A moment as yyyy-mm-dd hh:mm in a text input."""

    input_type = "text"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%Y-%m-%d %H:%M")

    def get_context(self, name, value, attrs):
        extra = {**day_attrs(), "pattern": DAY_TIME_PATTERN, "placeholder": "yyyy-mm-dd hh:mm",
                 "maxlength": "16", "data-date": "moment",
                 "title": _("Write the time as yyyy-mm-dd hh:mm, e.g. 2026-12-03 17:30.")}
        return super().get_context(name, value, {**extra, **(attrs or {})})
