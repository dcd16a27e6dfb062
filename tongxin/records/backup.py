"""Backup and restore: one tar.gz holding a database-independent XML dump and the media files.

The dump comes from Django's serialisers, so a backup taken on SQLite restores on PostgreSQL
and back. Personal data stays SM4-encrypted inside it (SM4EncryptedCharField.value_to_string),
and the whole archive is encrypted with the backup key (tongxin.records.sealed), so restoring
needs both the data keys and the backup key. Restore goes into an empty, migrated database; the
append-only triggers do not get in the way because loading only inserts.
"""

from __future__ import annotations

import io
import json
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction

from tongxin.cases.models import Case

from . import sealed

FORMAT = 1
# XML rather than JSON: Django's JSON encoder cuts datetimes to milliseconds, XML keeps them
# exact, so a restored case is the same case to the microsecond.
DUMP = "data.xml"
MANIFEST = "manifest.json"
MEDIA = "media"
# Derived or transient data: rebuilt by migrations (content types, permissions) or worthless
# after a restore (sessions, login-attempt counters).
EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes",
           "security.sessionrecord"]


class BackupError(Exception):
    pass


def _counts() -> dict[str, int]:
    excluded = {e for e in EXCLUDE if "." not in e}
    return {
        m._meta.label_lower: m._base_manager.count()
        for m in apps.get_models()
        if m._meta.app_label not in excluded and m._meta.label_lower not in EXCLUDE
        and not m._meta.proxy and m._meta.managed
    }


def backup(out: Path) -> dict:
    """Write the backup to `out`; returns the manifest."""
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / DUMP
        # One read transaction: the dump is a consistent snapshot (PostgreSQL MVCC; SQLite's
        # WAL readers see the state at their first read).
        with transaction.atomic():
            call_command("dumpdata", exclude=EXCLUDE, natural_foreign=True, output=str(dump),
                         format="xml", verbosity=0)
            manifest = {"format": FORMAT, "created_at": datetime.now(UTC).isoformat(),
                        "database": connection.vendor, "counts": _counts()}
        archive = Path(tmp) / "backup.tar.gz"
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(dump, arcname=DUMP)
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            media = Path(settings.MEDIA_ROOT)
            if media.exists():
                tar.add(media, arcname=MEDIA)
        sealed.seal(archive, out)
    return manifest


def _safe_members(tar: tarfile.TarFile):
    for member in tar.getmembers():
        name = Path(member.name)
        if name.is_absolute() or ".." in name.parts or member.issym() or member.islnk():
            raise BackupError(f"unsafe path in backup: {member.name}")
        yield member


def restore(path: Path) -> dict:
    """Load `path` into the current (migrated, empty) database and MEDIA_ROOT."""
    with tempfile.TemporaryDirectory() as work:
        return _restore(_opened(path, Path(work)))


def _opened(path: Path, work: Path) -> Path:
    """The plain archive: decrypted into `work` (verified first), or an unencrypted archive
    written before backups were encrypted, as it is."""
    try:
        if not sealed.is_sealed(path):
            return path
        plain = work / "backup.tar.gz"
        sealed.unseal(path, plain)
        return plain
    except sealed.SealError as error:
        raise BackupError(f"cannot open the backup: {error}") from error
    except OSError as error:
        raise BackupError(f"not a Tongxin backup: {error}") from error


def _restore(path: Path) -> dict:
    try:
        tar = tarfile.open(path, "r:gz")  # noqa: SIM115 (closed by the with below)
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"not a Tongxin backup: {error}") from error
    with tar, tempfile.TemporaryDirectory() as tmp:
        members = list(_safe_members(tar))
        names = {m.name for m in members}
        if DUMP not in names or MANIFEST not in names:
            raise BackupError("not a Tongxin backup: data.xml or manifest.json missing")
        tar.extractall(tmp, members=members, filter="data")
        manifest = json.loads((Path(tmp) / MANIFEST).read_text())
        if manifest.get("format") != FORMAT:
            raise BackupError(f"unsupported backup format {manifest.get('format')!r}")
        if Case.objects.exists():
            raise BackupError("the database already holds cases; restore needs an empty one")
        with transaction.atomic():
            call_command("loaddata", str(Path(tmp) / DUMP), verbosity=0)
        media = Path(tmp) / MEDIA
        if media.exists():
            target = Path(settings.MEDIA_ROOT)
            for source in media.rglob("*"):
                if source.is_file():
                    dest = target / source.relative_to(media)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    dest.write_bytes(source.read_bytes())
    return manifest
