"""Small helpers for the few set-based statements written by hand (INSERT … SELECT of inbox
rows and addressees for a whole batch): plain SQL that PostgreSQL and SQLite both run."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import connection


def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def col(model, field: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column)


def moment(value: datetime):
    return connection.ops.adapt_datetimefield_value(value)


def in_list(ids: Sequence[int]) -> str:
    return ", ".join(["%s"] * len(ids))
