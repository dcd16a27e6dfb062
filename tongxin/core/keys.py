"""Per-install keys: no secret is written in the source.

Two files under the data directory, each readable by the owner only:
- ``secret.key``: Django's signing key (sessions, CSRF, follow links, SMS codes);
- ``data-keys.json``: the keys that protect data, none derived from the signing key — the
  SM4 key ring for personal data, the SM3 key of the search hashes, the audit chains' key and
  the backup archives' key.

Each value can come from the environment instead (TONGXIN_SECRET_KEY, TONGXIN_SM4_KEYS …),
which wins. The files are written on the first run of the demo, of the tests, of DEBUG, or of
`tongxin security init-keys`; a production start without either refuses (config.settings).
Imported by the settings, so nothing here touches Django.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

SIGNING_FILE = "secret.key"
DATA_FILE = "data-keys.json"
# settings name → key in data-keys.json
DATA_SETTINGS = {
    "TONGXIN_SM4_KEYS": "sm4_keys", "TONGXIN_SM4_ACTIVE": "sm4_active",
    "TONGXIN_SM3_HASH_KEY": "sm3_hash_key", "TONGXIN_AUDIT_KEY": "audit_key",
    "TONGXIN_BACKUP_KEY": "backup_key",
}


class MissingKeys(Exception):
    """Raised with the message the operator needs to read."""


@dataclass(frozen=True)
class InstallKeys:
    secret_key: str
    data: dict[str, str]  # settings name → value


def new_sm4_key_id(existing: set[str]) -> str:
    n = len(existing) + 1
    while f"k{n}" in existing:
        n += 1
    return f"k{n}"


def _new_data_keys() -> dict[str, str]:
    return {"sm4_keys": f"k1:{secrets.token_hex(16)}", "sm4_active": "k1",
            "sm3_hash_key": secrets.token_hex(32), "audit_key": secrets.token_hex(32),
            "backup_key": secrets.token_hex(16)}


def _write_new(path: Path, text: str) -> None:
    """Create `path` (0600) unless it exists: two processes starting at once both read the
    one that won (O_EXCL), never two different keys."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return ""


def load(data_dir: Path, environ: os._Environ | dict, *, create: bool) -> InstallKeys:
    """The keys: each from the environment if set there, else from the files (written first
    when `create`). Raises MissingKeys naming what is missing and how to provide it."""
    signing, data_path = data_dir / SIGNING_FILE, data_dir / DATA_FILE
    if create:
        if not environ.get("TONGXIN_SECRET_KEY"):
            _write_new(signing, secrets.token_urlsafe(50) + "\n")
        if not all(environ.get(name) for name in DATA_SETTINGS):
            _write_new(data_path, json.dumps(_new_data_keys(), indent=2) + "\n")
    stored = json.loads(_read(data_path) or "{}")
    data = {name: environ.get(name) or stored.get(field, "")
            for name, field in DATA_SETTINGS.items()}
    secret_key = environ.get("TONGXIN_SECRET_KEY") or _read(signing)
    missing = [n for n, v in {"TONGXIN_SECRET_KEY": secret_key, **data}.items()
               if not v and n != "TONGXIN_SM4_ACTIVE"]
    if missing:
        raise MissingKeys(
            "Tongxin has no keys of its own: " + ", ".join(missing) + " missing. Set them in "
            f"the environment, or run `tongxin security init-keys` once to write random ones "
            f"to {signing} and {data_path} (keep those files, and back them up apart from "
            "the database: without them encrypted data cannot be read).")
    return InstallKeys(secret_key=secret_key, data=data)


def add_sm4_key(data_dir: Path) -> tuple[str, str]:
    """A new random SM4 key appended to the ring in data-keys.json and made active (old keys
    stay, to read what they encrypted until rotation re-encrypts it). Returns (ring, active)."""
    path = data_dir / DATA_FILE
    stored = json.loads(_read(path) or "{}")
    ring = [item for item in stored.get("sm4_keys", "").split(",") if item]
    key_id = new_sm4_key_id({item.partition(":")[0] for item in ring})
    ring.append(f"{key_id}:{secrets.token_hex(16)}")
    stored.update(sm4_keys=",".join(ring), sm4_active=key_id)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(json.dumps(stored, indent=2) + "\n")
    os.replace(tmp, path)  # atomic: a crash leaves the old ring or the new one
    return stored["sm4_keys"], key_id
