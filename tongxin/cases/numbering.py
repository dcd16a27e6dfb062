"""Human-readable case numbers: the report date and a daily sequence, e.g. 2026112200017."""

from datetime import date

from django.db import connection

from .models import DailySequence


def next_number(day: date) -> str:
    """Hand out the next number of `day`. Call inside the transaction that stores the case:
    the upsert takes the day's row lock, which serialises concurrent reports, and returns
    the new value in the same statement (PostgreSQL, SQLite ≥ 3.35)."""
    table = connection.ops.quote_name(DailySequence._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (day, last) VALUES (%s, 1) ON CONFLICT (day) "
            f"DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [day],
        )
        last = cursor.fetchone()[0]
    return f"{day:%Y%m%d}{last:05d}"
