"""Human-readable case numbers: the report date and a daily sequence, e.g. 2026112200017."""

from datetime import date

from django.db.models import F

from .models import DailySequence


def next_number(day: date) -> str:
    """Hand out the next number of `day`. Call inside the transaction that stores the case, so
    the row lock on the day's counter serialises concurrent reports."""
    DailySequence.objects.get_or_create(day=day)
    DailySequence.objects.filter(day=day).update(last=F("last") + 1)
    last = DailySequence.objects.select_for_update().values_list("last", flat=True).get(day=day)
    return f"{day:%Y%m%d}{last:05d}"
