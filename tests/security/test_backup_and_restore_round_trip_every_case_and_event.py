"""`tongxin backup` then `tongxin restore` into an emptied database gives back every case and
event field for field (personal data included), the attachments, and an audit chain that still
verifies; the backup file holds no personal data in plaintext."""

import gzip
import io
import tarfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from tests.flush import append_only_triggers
from tests.security.conftest import ID_NUMBER, PHONE, personal_case
from tongxin.cases.models import Attachment, Case, CaseEvent
from tongxin.cases.services import ActionInput, act
from tongxin.records import sealed
from tongxin.security.models import AuditEntry


def snapshot() -> tuple[list, list, list]:
    """Every field of every case and event, as Python values (personal data decrypted)."""
    cases = list(Case.objects.order_by("pk").values())
    events = list(CaseEvent.objects.order_by("pk").values())
    co = list(Case.co_departments.through.objects.order_by("pk").values())
    return cases, events, co


def png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_round_trip(committed_world, tmp_path, settings):
    world = committed_world
    personal_case(world, state="closed")
    case = personal_case(world, state="in_progress", reporter_phone="13900001111")
    act(case_id=case.pk, actor=world.user("handler"), action="reply",
        data=ActionInput(note="已处理", attachments=[SimpleUploadedFile("a.png", png(),
                                                                          "image/png")]))
    before = snapshot()
    files_before = {a.file.name: a.file.read() for a in Attachment.objects.all()}
    audit_before = AuditEntry.objects.count()
    out = tmp_path / "backup.tar.gz"
    call_command("backup", out=out)

    plain = tmp_path / "plain.tar.gz"
    sealed.unseal(out, plain)  # the archive itself is encrypted (tests/records)
    with tarfile.open(plain) as tar:
        dump = tar.extractfile("data.xml").read().decode()
        names = tar.getnames()
    stored_cases = "".join(part for part in dump.split("<object ")
                           if 'model="cases.case"' in part)
    assert PHONE not in stored_cases and ID_NUMBER not in stored_cases
    assert "sm4:" in stored_cases
    assert any(name.startswith("media/") for name in names)

    # An empty database and media folder, as on a fresh machine.
    append_only_triggers("backwards")
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    assert not Case.objects.exists()

    call_command("restore", str(out), no_migrate=True)
    assert snapshot() == before
    assert {a.file.name: a.file.read() for a in Attachment.objects.all()} == files_before
    assert AuditEntry.objects.count() == audit_before
    call_command("security", "verify-audit")


@pytest.mark.django_db
def test_restore_refuses_a_database_with_cases(world, tmp_path):
    personal_case(world)
    out = tmp_path / "b.tar.gz"
    call_command("backup", out=out)
    with pytest.raises(CommandError, match="empty"):
        call_command("restore", str(out), no_migrate=True)


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bad = tmp_path / "x.tar.gz"
    bad.write_bytes(gzip.compress(b"not a tar"))
    with pytest.raises(CommandError) as failure:
        call_command("restore", str(bad), no_migrate=True)
    assert failure.value.returncode == 2
