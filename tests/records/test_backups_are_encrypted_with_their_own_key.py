"""Issue 28 finding 5: the backup archive was a plain tar.gz — case texts, accounts and the
audit log readable by whoever got the file. Now it is SM4-GCM under the backup key: the file
shows nothing, a wrong key or one altered byte is refused with exit code 2 before anything
is loaded, and the right key restores it (round trip: tests/security/
test_backup_and_restore_round_trip_every_case_and_event.py)."""

import gzip

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.security.conftest import personal_case
from tongxin.cases.models import Case
from tongxin.records import sealed

pytestmark = pytest.mark.django_db
TITLE = "西环路井盖缺失"


@pytest.fixture
def backup(world, tmp_path):
    personal_case(world, title=TITLE)
    out = tmp_path / "backup.tar.gz"
    call_command("backup", out=out)
    return out


def test_the_file_alone_reveals_nothing(backup):
    raw = backup.read_bytes()
    assert raw.startswith(sealed.MAGIC) and not raw.startswith(b"\x1f\x8b")
    with pytest.raises(gzip.BadGzipFile):
        gzip.decompress(raw)
    for text in (TITLE, "cases.case", "auditentry"):
        assert text.encode() not in raw


def _restore_fails(path) -> str:
    # Refused while opening the file, before the check for an empty database.
    before = Case.objects.count()
    with pytest.raises(CommandError) as failure:
        call_command("restore", str(path), no_migrate=True)
    assert failure.value.returncode == 2 and Case.objects.count() == before
    assert "empty" not in str(failure.value)
    return str(failure.value)


def test_another_key_is_refused(backup, settings):
    settings.TONGXIN_BACKUP_KEY = "ab" * 16
    assert "another key" in _restore_fails(backup)


def test_an_altered_byte_is_refused(backup, tmp_path):
    raw = bytearray(backup.read_bytes())
    raw[len(raw) // 2] ^= 1
    altered = tmp_path / "altered.tar.gz"
    altered.write_bytes(bytes(raw))
    assert "damaged or was altered" in _restore_fails(altered)


def test_the_right_key_opens_it(backup, tmp_path):
    plain = tmp_path / "plain.tar.gz"
    sealed.unseal(backup, plain)
    assert TITLE.encode() in gzip.decompress(plain.read_bytes())
