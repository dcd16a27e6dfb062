"""The audit trail (全程留痕) is append-only twice over: the ORM refuses to change or remove a
CaseEvent, and a database trigger refuses raw SQL that tries."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError

from tongxin.cases.models import Case, CaseEvent
from tongxin.cases.workflow import State

from .loop import drive, local

T0 = local(2026, 9, 21, 10)


@pytest.fixture
def event(world) -> CaseEvent:
    case = drive(world, State.REGISTERED, at=T0)
    return CaseEvent.objects.filter(case=case).order_by("id").last()


def unchanged(event: CaseEvent) -> bool:
    fresh = CaseEvent.objects.filter(pk=event.pk).values().get()
    return fresh["note"] == event.note and fresh["action"] == event.action


def test_saving_a_stored_event_again_is_refused(event):
    event.note = "改写历史"
    with pytest.raises(TypeError, match="append-only"):
        event.save()
    with pytest.raises(TypeError, match="append-only"):
        event.save(update_fields=["note"])
    event.refresh_from_db()
    assert event.note == ""


def test_deleting_an_event_is_refused(event):
    with pytest.raises(TypeError, match="append-only"):
        event.delete()
    assert CaseEvent.objects.filter(pk=event.pk).exists()


def test_queryset_update_and_delete_are_refused(event):
    with pytest.raises(TypeError, match="append-only"):
        CaseEvent.objects.filter(pk=event.pk).update(note="改写")
    with pytest.raises(TypeError, match="append-only"):
        CaseEvent.objects.all().delete()
    with pytest.raises(TypeError, match="append-only"):
        CaseEvent.objects.filter(case=event.case).delete()
    assert unchanged(event)


def test_bulk_update_and_update_or_create_are_refused(event):
    event.note = "批量改写"
    # Each in its own savepoint: bulk_update's atomic block has none of its own.
    with pytest.raises(TypeError, match="append-only"), transaction.atomic():
        CaseEvent.objects.bulk_update([event], ["note"])
    with pytest.raises(TypeError, match="append-only"), transaction.atomic():
        CaseEvent.objects.update_or_create(pk=event.pk, defaults={"note": "改写"})
    event.note = ""
    assert unchanged(event)


def test_a_case_with_events_cannot_be_deleted(event):
    with pytest.raises(ProtectedError):
        Case.objects.get(pk=event.case_id).delete()
    assert CaseEvent.objects.filter(pk=event.pk).exists()


def test_new_events_are_still_appended(event):
    CaseEvent.objects.create(case=event.case, action="note", actor=None, at=T0,
                             from_status="registered", to_status="registered", note="补记")
    assert CaseEvent.objects.filter(case=event.case).count() == 3


def _raw(sql: str, params: list) -> None:
    # A savepoint, so the failed statement leaves the test's transaction usable on PostgreSQL.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_raw_sql_update_is_refused_by_the_database(event):
    table = CaseEvent._meta.db_table
    with pytest.raises(DatabaseError, match="append-only"):
        _raw(f"UPDATE {table} SET note = %s WHERE id = %s", ["改写", event.pk])
    with pytest.raises(DatabaseError, match="append-only"):
        _raw(f"UPDATE {table} SET to_status = %s", ["closed"])
    assert unchanged(event)


def test_raw_sql_delete_is_refused_by_the_database(event):
    table = CaseEvent._meta.db_table
    count = CaseEvent.objects.count()
    with pytest.raises(DatabaseError, match="append-only"):
        _raw(f"DELETE FROM {table} WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError, match="append-only"):
        _raw(f"DELETE FROM {table} WHERE id > %s", [0])
    assert CaseEvent.objects.count() == count


def test_raw_sql_insert_is_allowed(event):
    table = CaseEvent._meta.db_table
    _raw(
        f"INSERT INTO {table} (case_id, action, at, from_status, to_status, note, data)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s)",
        [event.case_id, "import", T0, "", "registered", "迁移导入", "{}"],
    )
    assert CaseEvent.objects.filter(case_id=event.case_id, action="import").exists()
