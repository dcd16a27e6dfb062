"""SM4 encryption at rest and keyed SM3 hashes (GB/T 39786-2021, 商用密码).

A ciphertext is self-describing — ``sm4:<key id>:<base64(nonce ‖ ciphertext ‖ tag)>`` — so
keys can rotate: new writes use the active key, old rows stay readable with the key named in
them until `tongxin security rotate-keys` re-encrypts them. SM4 runs in GCM mode, so a
tampered ciphertext fails to decrypt instead of yielding garbage.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings

PREFIX = "sm4"
NONCE_BYTES = 12
TAG_BYTES = 16
# The key id the old development keys wrote; readable only through TONGXIN_LEGACY_SECRET_KEY.
LEGACY_KEY_ID = "dev"


class CryptoError(Exception):
    """A ciphertext names a key the configuration does not hold, or the keys are malformed."""


@dataclass(frozen=True)
class KeyRing:
    keys: dict[str, bytes]
    active: str
    hash_key: bytes

    def key(self, key_id: str) -> bytes:
        try:
            return self.keys[key_id]
        except KeyError:
            raise CryptoError(f"SM4 key {key_id!r} is not configured (TONGXIN_SM4_KEYS)") from None


def legacy_key(purpose: str, secret: str) -> bytes:
    """The key older versions derived from the signing key (so whoever held SECRET_KEY could
    decrypt everything). Only ever used to read old rows during an upgrade, never to write."""
    return hashlib.sha256(f"tongxin-dev-{purpose}:{secret}".encode()).digest()[:16]


def parse_keys(text: str) -> dict[str, bytes]:
    """``"id1:32 hex digits,id2:…"`` → {id: 16-byte key}."""
    keys: dict[str, bytes] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        key_id, _sep, hexkey = item.partition(":")
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,16}", key_id) or not re.fullmatch(
            r"[0-9a-fA-F]{32}", hexkey
        ):
            raise CryptoError(f"malformed SM4 key entry {key_id!r}: want id:32-hex-digits")
        keys[key_id] = bytes.fromhex(hexkey)
    return keys


@lru_cache(maxsize=8)
def _ring(keys_text: str, active: str, hash_hex: str, legacy_secret: str) -> KeyRing:
    # No fallback: the keys come from the environment or the install's key file
    # (tongxin.core.keys), never from the signing key.
    if not keys_text or not hash_hex:
        raise CryptoError("TONGXIN_SM4_KEYS and TONGXIN_SM3_HASH_KEY must be set "
                          "(or written by `tongxin security init-keys`)")
    keys = parse_keys(keys_text)
    active = active or next(iter(keys))
    if active not in keys:
        raise CryptoError(f"TONGXIN_SM4_ACTIVE={active!r} names no configured key")
    if legacy_secret:
        keys.setdefault(LEGACY_KEY_ID, legacy_key("sm4", legacy_secret))
    try:
        hash_key = bytes.fromhex(hash_hex)
    except ValueError:
        raise CryptoError("TONGXIN_SM3_HASH_KEY must be hex digits") from None
    return KeyRing(keys=keys, active=active, hash_key=hash_key)


def keyring() -> KeyRing:
    return _ring(
        getattr(settings, "TONGXIN_SM4_KEYS", ""),
        getattr(settings, "TONGXIN_SM4_ACTIVE", ""),
        getattr(settings, "TONGXIN_SM3_HASH_KEY", ""),
        getattr(settings, "TONGXIN_LEGACY_SECRET_KEY", ""),
    )


def is_ciphertext(value: str) -> bool:
    return value.startswith(PREFIX + ":") and value.count(":") >= 2


def encrypt(plaintext: str, *, key_id: str | None = None) -> str:
    """Encrypt with the active key (or `key_id`). The empty string stays empty: a blank field
    holds nothing to protect, and keeps `blank=True` semantics."""
    if not plaintext:
        return ""
    ring = keyring()
    key_id = key_id or ring.active
    nonce = os.urandom(NONCE_BYTES)
    enc = Cipher(algorithms.SM4(ring.key(key_id)), modes.GCM(nonce)).encryptor()
    body = enc.update(plaintext.encode("utf-8")) + enc.finalize() + enc.tag
    return f"{PREFIX}:{key_id}:{base64.b64encode(nonce + body).decode('ascii')}"


def decrypt(token: str) -> str:
    """Plaintext of a ciphertext; a value that is not one (a row written before encryption
    was switched on) is returned as it is, so the data migration can run at any time."""
    if not token or not is_ciphertext(token):
        return token
    _prefix, key_id, payload = token.split(":", 2)
    raw = base64.b64decode(payload)
    nonce, body, tag = raw[:NONCE_BYTES], raw[NONCE_BYTES:-TAG_BYTES], raw[-TAG_BYTES:]
    dec = Cipher(algorithms.SM4(keyring().key(key_id)), modes.GCM(nonce, tag)).decryptor()
    try:
        return (dec.update(body) + dec.finalize()).decode("utf-8")
    except InvalidTag:
        raise CryptoError(f"SM4 ciphertext failed authentication (key {key_id!r})") from None


def key_id_of(token: str) -> str | None:
    return token.split(":", 2)[1] if is_ciphertext(token) else None


def sm3_hex(data: bytes) -> str:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


def keyed_sm3(data: bytes) -> str:
    """HMAC-SM3 with the configured hash key: equal inputs give equal digests, so an indexed
    column can be searched, but without the key a digest cannot be brute-forced from the
    small space of phone numbers."""
    mac = hmac.HMAC(keyring().hash_key, hashes.SM3())
    mac.update(data)
    return mac.finalize().hex()


def audit_key() -> bytes:
    """The key of the audit hash chains (tongxin.security.chain), kept outside the database."""
    return _hex_key("TONGXIN_AUDIT_KEY", getattr(settings, "TONGXIN_AUDIT_KEY", ""))


def backup_key() -> bytes:
    """The backup archives' own SM4 key: a stolen archive reveals nothing without it, and it
    is not the key of the personal fields inside."""
    return _hex_key("TONGXIN_BACKUP_KEY", getattr(settings, "TONGXIN_BACKUP_KEY", ""))[:16]


@lru_cache(maxsize=8)
def _hex_key(name: str, hex_key: str) -> bytes:
    if not hex_key:
        raise CryptoError(f"{name} is not set")
    try:
        key = bytes.fromhex(hex_key)
    except ValueError:
        raise CryptoError(f"{name} must be hex digits") from None
    if len(key) < 16:
        raise CryptoError(f"{name} must be at least 32 hex digits (16 bytes)")
    return key


def normalise_phone(phone: str) -> str:
    """Digits only, without a +86/0086 prefix: the same number typed two ways hashes alike."""
    digits = re.sub(r"\D", "", phone or "")
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) - len(prefix) == 11:
            return digits[len(prefix):]
    return digits


def phone_hash(phone: str) -> str:
    digits = normalise_phone(phone)
    return keyed_sm3(b"phone:" + digits.encode()) if digits else ""
