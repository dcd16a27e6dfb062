"""Set-based inbox writes for the worker's batches.

A sweep over a large table raises tens of thousands of warnings in one run, each reaching a
few people: building a Notification object per person in Python costs more than everything
else the sweep does. Here one INSERT … SELECT per batch joins the batch's rows to the
memberships that should hear of them, and the database builds the messages. Plain SQL that
PostgreSQL and SQLite both run (|| concatenates in both).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import connection
from django.utils import timezone

from tongxin.accounts.models import Membership
from tongxin.cases.models import Case
from tongxin.notifications.models import Notification

MARK = "\x00"


def around_number(template: str, **values: str) -> tuple[str, str]:
    """A translated message with one `%(number)s`, split into the text before and after it,
    so SQL can put each case's number in between."""
    before, _sep, after = (template % {**values, "number": MARK}).partition(MARK)
    return before, after


def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def col(model, field: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column)


def moment(value: datetime):
    return connection.ops.adapt_datetimefield_value(value)


def in_list(ids: Sequence[int]) -> str:
    return ", ".join(["%s"] * len(ids))


def notify_members_of_cases(case_ids: Sequence[int], *, case_field: str, member_field: str,
                            role: str, verb: str, template: str, values: dict | None = None,
                            now: datetime | None = None) -> int:
    """One inbox row per (case, member): members holding `role` whose `member_field`
    (department or region) equals the case's `case_field`. `template` is a translated text
    with `%(number)s` and the other `values`. Returns the number of rows written."""
    if not case_ids:
        return 0
    before, after = around_number(template, **(values or {}))
    N, C, M = Notification, Case, Membership
    sql = (
        f"INSERT INTO {table(N)} ({col(N, 'user')}, {col(N, 'case')}, {col(N, 'verb')}, "
        f"{col(N, 'message')}, {col(N, 'created_at')}) "
        f"SELECT m.{col(M, 'user')}, c.{col(C, 'id')}, %s, %s || c.{col(C, 'number')} || %s, %s "
        f"FROM {table(C)} c JOIN {table(M)} m ON m.{col(M, member_field)} = c.{col(C, case_field)} "
        f"WHERE m.{col(M, 'role')} = %s AND c.{col(C, 'id')} IN ({in_list(case_ids)})"
    )
    params = [verb, before, after, moment(now or timezone.now()), role, *case_ids]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount
