"""Keyed hash chains: the tamper evidence of the case trail and the security audit log.

Each row carries the hash of the row before it in its chain (`prev_hash`) and its own hash,
an HMAC-SM3 over the previous hash and a canonical form of its content. The key is not in
the database (settings.TONGXIN_AUDIT_KEY), so someone who can edit rows cannot recompute the
hashes of an edited row or of the rows after it. A chain shows edits, insertions and removals
inside it; removals at its end show against the seals and checkpoints kept outside it
(tongxin.security.seals).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives import hashes, hmac
from django.core.serializers.json import DjangoJSONEncoder

from .crypto import audit_key

GENESIS = "0" * 64


def moment(at: datetime) -> str:
    """A time as it survives every database and a JSON backup: UTC, microseconds."""
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def plain(value: Any) -> Any:
    """`value` as it reads back from a JSON column (datetimes as text, tuples as lists), so
    the hash of what is written equals the hash of what is read."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def canonical(values: dict[str, Any]) -> bytes:
    return json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      cls=DjangoJSONEncoder).encode("utf-8")


def link(prev_hash: str, payload: bytes) -> str:
    mac = hmac.HMAC(audit_key(), hashes.SM3())
    mac.update(prev_hash.encode("ascii") + b"|" + payload)
    return mac.finalize().hex()
