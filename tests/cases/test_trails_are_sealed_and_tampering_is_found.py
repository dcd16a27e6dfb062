"""The case trails are tamper-evident without a lock the whole city shares: a keyed hash
chain per case, sealed every few minutes by the worker (tongxin.cases.trail) with a line in a
checkpoint file outside the database. `tongxin security verify-audit` names the case or seal
where an event was edited, inserted or removed, and finds seals removed behind its back."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.cases.loop import drive
from tongxin.cases import trail
from tongxin.cases.models import Case, CaseEvent, TrailSeal
from tongxin.cases.workflow import State

APPEND_ONLY = "tongxin.cases.migrations.0002_events_append_only"


def behind_the_back(sql: str, params: list) -> None:
    """SQL with the append-only triggers out of the way, as a DBA with raw access could."""
    import importlib

    m = importlib.import_module(APPEND_ONLY)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The test's own transaction holds deferred foreign-key checks; settle them first.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE cases_caseevent DISABLE TRIGGER caseevent_no_change")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS caseevent_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS caseevent_no_delete")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE cases_caseevent ENABLE TRIGGER caseevent_no_change")
        else:
            for create in m.SQLITE:
                cursor.execute(create)


def verify_fails(capsys) -> str:
    with pytest.raises(CommandError) as failure:
        call_command("security", "verify-audit")
    assert failure.value.returncode == 1
    return capsys.readouterr().err


@pytest.fixture
def sealed(world):
    cases = [drive(world, State.IN_PROGRESS) for _ in range(3)]
    assert trail.seal() == {"sealed": 3}
    return cases


def test_intact_trails_and_seals_verify(sealed, capsys):
    assert trail.seal() == {"sealed": 0}  # nothing moved since
    call_command("security", "verify-audit")
    assert "case trails intact" in capsys.readouterr().out
    assert trail.checkpoint_path().read_text().count("\n") == 1


def test_an_edited_event_is_named(sealed, capsys):
    event = CaseEvent.objects.filter(case=sealed[1], action="dispatch").get()
    behind_the_back("UPDATE cases_caseevent SET note = %s WHERE id = %s", ["改过", event.pk])
    assert f"case {sealed[1].number}: event {event.pk}: its content does not match" in (
        verify_fails(capsys))


def test_the_newest_event_removed_and_the_head_rewound_is_found(sealed, capsys):
    case = sealed[0]
    newest = CaseEvent.objects.filter(case=case).latest("pk")
    behind_the_back("DELETE FROM cases_caseevent WHERE id = %s", [newest.pk])
    Case.objects.filter(pk=case.pk).update(trail_head=newest.prev_hash)  # covers its tracks
    assert "the sealed head is no longer on its trail" in verify_fails(capsys)


def test_a_removed_event_in_the_middle_breaks_the_chain(sealed, capsys):
    middle = CaseEvent.objects.filter(case=sealed[2], action="register").get()
    behind_the_back("DELETE FROM cases_caseevent WHERE id = %s", [middle.pk])
    assert "the link to the event before it is broken" in verify_fails(capsys)


def test_seals_removed_behind_its_back_are_found_by_the_checkpoint(sealed, capsys):
    TrailSeal.objects.all().delete()
    assert "checkpoint file is missing or differs" in verify_fails(capsys)
