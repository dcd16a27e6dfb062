"""The one writer of inbox rows, set-wise, inside the caller's transaction.

A sweep raises thousands of warnings in one batch, each reaching a few people: one INSERT …
SELECT per batch joins the batch's cases to the memberships that should hear of them, and
the database builds the messages (the translated text around each case's number). Written
in the transaction of the event that causes it, so a worker or web process that dies right
after the commit loses no notification.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import connection

from tongxin.accounts.models import Membership
from tongxin.cases.models import Case
from tongxin.core.sql import col, in_list, moment, table

from .models import Notification

MARK = "\x00"
COLUMNS = ("user", "case", "verb", "message", "created_at")


def around_number(template: str, **values: str) -> tuple[str, str]:
    """A translated message with one `%(number)s`, split into the text before and after it,
    so SQL can put each case's number in between."""
    before, _sep, after = (template % {**values, "number": MARK}).partition(MARK)
    return before, after


def from_select(select: str, params: Sequence) -> int:
    """INSERT the rows a SELECT of (user id, case id, verb, message, time) yields."""
    N = Notification
    columns = ", ".join(col(N, c) for c in COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table(N)} ({columns}) {select}", list(params))
        return cursor.rowcount


def to_members_of_cases(case_ids: Sequence[int], *, case_field: str, member_field: str,
                        role: str, verb: str, template: str, at: datetime,
                        values: dict | None = None, skip_user: int | None = None,
                        co_handlers: bool = False) -> int:
    """One row per (case, member): members holding `role` whose `member_field` (department
    or region) equals the case's `case_field` — and, with `co_handlers`, the members of the
    case's co-handling departments. `template` is a translated text with `%(number)s`."""
    if not case_ids:
        return 0
    before, after = around_number(template, **(values or {}))
    C, M = Case, Membership
    head = (f"SELECT DISTINCT m.{col(M, 'user')}, c.{col(C, 'id')}, %s, "
            f"%s || c.{col(C, 'number')} || %s, %s ")
    skip = f" AND m.{col(M, 'user')} <> %s" if skip_user is not None else ""
    where = f"WHERE m.{col(M, 'role')} = %s AND c.{col(C, 'id')} IN ({in_list(case_ids)}){skip}"
    one = [verb, before, after, moment(at), role, *case_ids,
           *([skip_user] if skip_user is not None else [])]
    select = (head + f"FROM {table(C)} c JOIN {table(M)} m "
              f"ON m.{col(M, member_field)} = c.{col(C, case_field)} " + where)
    params = one
    if co_handlers:
        T = Case.co_departments.through
        select += (" UNION " + head + f"FROM {table(C)} c JOIN {table(T)} t "
                   f"ON t.{col(T, 'case')} = c.{col(C, 'id')} JOIN {table(M)} m "
                   f"ON m.{col(M, 'department')} = t.{col(T, 'department')} " + where)
        params = one + one
    return from_select(select, params)


def to_departments(case_id: int, department_ids: Sequence[int], *, role: str, verb: str,
                   template: str, at: datetime, values: dict | None = None,
                   skip_user: int | None = None) -> int:
    """One row per member holding `role` in any of `department_ids`, about one case: for
    units the case has just left, which its own columns no longer name."""
    if not department_ids:
        return 0
    before, after = around_number(template, **(values or {}))
    C, M = Case, Membership
    skip = f" AND m.{col(M, 'user')} <> %s" if skip_user is not None else ""
    select = (f"SELECT DISTINCT m.{col(M, 'user')}, c.{col(C, 'id')}, %s, "
              f"%s || c.{col(C, 'number')} || %s, %s FROM {table(C)} c JOIN {table(M)} m "
              f"ON m.{col(M, 'department')} IN ({in_list(department_ids)}) "
              f"WHERE m.{col(M, 'role')} = %s AND c.{col(C, 'id')} = %s{skip}")
    params = [verb, before, after, moment(at), *department_ids, role, case_id,
              *([skip_user] if skip_user is not None else [])]
    return from_select(select, params)


def to_users(user_ids: Sequence[int], *, case_id: int | None, verb: str, message: str,
             at: datetime) -> int:
    """One row per user, each told the same thing."""
    rows = [Notification(user_id=u, case_id=case_id, verb=verb, message=message[:255],
                         created_at=at) for u in dict.fromkeys(user_ids)]
    Notification.objects.bulk_create(rows)
    return len(rows)
