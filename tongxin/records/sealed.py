"""Backup archives encrypted with a key of their own (settings.TONGXIN_BACKUP_KEY).

A backup holds the whole database: the personal fields stay SM4 ciphertexts under the data
keys, but everything else (case texts, accounts, the audit log) was readable by whoever got
the file. The archive is now SM4-GCM under the backup key, streamed in chunks so a large
archive never sits in memory: MAGIC ‖ key check (8) ‖ nonce (12) ‖ ciphertext ‖ tag (16).
The key check (an HMAC of a constant) tells a wrong key apart from a damaged file before
anything is decrypted; the tag is verified before the plaintext is used at all.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from tongxin.security.crypto import backup_key

MAGIC = b"TXBACKUP-SM4-1\n"
CHECK_BYTES, NONCE_BYTES, TAG_BYTES = 8, 12, 16
CHUNK = 1 << 20


class SealError(Exception):
    pass


def _check(key: bytes) -> bytes:
    mac = hmac.HMAC(key, hashes.SM3())
    mac.update(b"tongxin backup key check")
    return mac.finalize()[:CHECK_BYTES]


def is_sealed(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(len(MAGIC)) == MAGIC


def seal(plain: Path, out: Path) -> None:
    key, nonce = backup_key(), os.urandom(NONCE_BYTES)
    enc = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
    with plain.open("rb") as src, out.open("wb") as dst:
        dst.write(MAGIC + _check(key) + nonce)
        while chunk := src.read(CHUNK):
            dst.write(enc.update(chunk))
        dst.write(enc.finalize() + enc.tag)


def _copy_decrypting(src: BinaryIO, dst: BinaryIO, dec, length: int) -> None:
    while length > 0:
        chunk = src.read(min(CHUNK, length))
        if not chunk:
            raise SealError("the backup file is cut short")
        dst.write(dec.update(chunk))
        length -= len(chunk)


def unseal(path: Path, out: Path) -> None:
    """Decrypt `path` into `out`; SealError for a wrong key or a damaged or altered file
    (then `out` is removed: unauthenticated plaintext is never left behind)."""
    key = backup_key()
    size = path.stat().st_size
    header = len(MAGIC) + CHECK_BYTES + NONCE_BYTES
    if size < header + TAG_BYTES:
        raise SealError("the backup file is cut short")
    with path.open("rb") as src:
        src.seek(len(MAGIC))
        if src.read(CHECK_BYTES) != _check(key):
            raise SealError("this backup was encrypted with another key (TONGXIN_BACKUP_KEY)")
        nonce = src.read(NONCE_BYTES)
        src.seek(size - TAG_BYTES)
        tag = src.read(TAG_BYTES)
        src.seek(header)
        dec = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag)).decryptor()
        try:
            with out.open("wb") as dst:
                _copy_decrypting(src, dst, dec, size - header - TAG_BYTES)
                dst.write(dec.finalize())
        except (InvalidTag, SealError) as error:
            out.unlink(missing_ok=True)
            raise SealError("the backup file is damaged or was altered") from error
