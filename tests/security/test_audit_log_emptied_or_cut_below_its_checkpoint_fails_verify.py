"""Issue 28 finding 2, the part the chain alone cannot show: deleting the newest audit rows
or emptying the table (TRUNCATE on PostgreSQL passes the row triggers) left "audit chain
intact: 0 entries", exit 0. The worker's checkpoint outside the database now makes
`tongxin security verify-audit` exit 1 for each; a forged checkpoint line fails its MAC."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.security.test_audit_chain_detects_an_edited_row import behind_the_back, write_rows
from tongxin.security import seals
from tongxin.security.models import AuditEntry

pytestmark = pytest.mark.django_db


def _verify_code(capsys) -> tuple[int, str]:
    with pytest.raises(CommandError) as failure:
        call_command("security", "verify-audit")
    return failure.value.returncode, capsys.readouterr().err


@pytest.fixture
def checkpointed():
    rows = write_rows(6)
    assert seals.checkpoint() == {"checkpointed": 1}
    assert seals.checkpoint() == {"checkpointed": 0}  # nothing moved
    return rows


def test_an_intact_log_verifies_against_its_checkpoint(checkpointed, capsys):
    call_command("security", "verify-audit")
    assert "audit chain intact" in capsys.readouterr().out


def test_the_newest_rows_removed_are_found(checkpointed, capsys):
    behind_the_back("DELETE FROM security_auditentry WHERE id >= %s", [checkpointed[-2].pk])
    code, err = _verify_code(capsys)
    assert code == 1 and f"audit entry {checkpointed[-1].pk} of the last checkpoint" in err


def test_the_table_emptied_is_found(checkpointed, capsys):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # no row trigger fires for TRUNCATE
            cursor.execute("TRUNCATE security_auditentry")
    else:
        behind_the_back("DELETE FROM security_auditentry", [])
    assert not AuditEntry.objects.exists()
    code, err = _verify_code(capsys)
    assert code == 1 and "table emptied" in err


def test_a_checkpoint_rewritten_to_match_is_found(checkpointed, capsys, settings):
    behind_the_back("DELETE FROM security_auditentry WHERE id >= %s", [checkpointed[-2].pk])
    path = seals._path()
    line = json.loads(path.read_text().splitlines()[-1])
    line.update(id=checkpointed[-3].pk, head=checkpointed[-3].row_hash, count=line["count"] - 2)
    path.write_text(json.dumps(line) + "\n")  # without the audit key the MAC cannot follow
    code, err = _verify_code(capsys)
    assert code == 1 and "MAC does not hold" in err
