"""The audit log is a hash chain: `tongxin security verify-audit` passes on an intact log and,
after someone edits or deletes a row behind the application's back (triggers disabled),
exits non-zero naming the row."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tongxin.security import audit
from tongxin.security.models import AuditEntry

pytestmark = pytest.mark.django_db


def write_rows(n: int = 5) -> list[AuditEntry]:
    return [audit.record(category="security", action=f"test_{i}", actor_name="t",
                         detail={"i": i, "text": "中文"}) for i in range(n)]


def behind_the_back(sql: str, params: list) -> None:
    """Run SQL with the append-only triggers out of the way, as a DBA with raw access could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE security_auditentry DISABLE TRIGGER auditentry_no_change")
            cursor.execute(sql, params)
            cursor.execute("ALTER TABLE security_auditentry ENABLE TRIGGER auditentry_no_change")
        else:
            import importlib

            from tongxin.security.migrations import __path__  # noqa: F401

            m = importlib.import_module("tongxin.security.migrations.0002_audit_append_only")
            for drop in m.SQLITE_DROP:
                cursor.execute(drop)
            cursor.execute(sql, params)
            for create in m.SQLITE:
                cursor.execute(create)


def test_an_intact_chain_verifies(capsys):
    rows = write_rows()
    assert rows[0].prev_hash == audit.GENESIS or AuditEntry.objects.count() > len(rows)
    assert all(b.prev_hash == a.row_hash for a, b in zip(rows, rows[1:], strict=False))
    call_command("security", "verify-audit")
    assert "audit chain intact" in capsys.readouterr().out


def test_an_edited_row_is_named(capsys):
    rows = write_rows()
    behind_the_back("UPDATE security_auditentry SET actor_name = %s WHERE id = %s",
                    ["someone-else", rows[2].pk])
    with pytest.raises(CommandError) as failure:
        call_command("security", "verify-audit")
    assert failure.value.returncode == 1
    assert f"audit entry {rows[2].pk}: row content does not match" in capsys.readouterr().err


def test_a_deleted_row_breaks_the_link_of_the_next(capsys):
    rows = write_rows()
    behind_the_back("DELETE FROM security_auditentry WHERE id = %s", [rows[1].pk])
    with pytest.raises(CommandError):
        call_command("security", "verify-audit")
    assert f"audit entry {rows[2].pk}: link" in capsys.readouterr().err
