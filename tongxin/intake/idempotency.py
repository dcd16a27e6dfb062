"""Idempotency keys: a retried create returns the first result instead of a second case."""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from tongxin.accounts.models import User
from tongxin.core.errors import TongxinError, ValidationFailed

from .models import IdempotencyRecord

KEY_PATTERN = re.compile(r"^[\x21-\x7e]{1,255}$")  # printable ASCII, no spaces


class IdempotencyConflict(TongxinError):
    """The key was used before for a different request (HTTP 409)."""

    status_code = 409


def check_key(key: str) -> str:
    key = (key or "").strip()
    if key and not KEY_PATTERN.match(key):
        raise ValidationFailed(
            _("The Idempotency-Key must be 1 to 255 printable ASCII characters without spaces.")
        )
    return key


def fingerprint(scope: str, body: Any) -> str:
    """SHA-256 of the canonical JSON of the parsed body, so key order and white space in the
    request do not matter, only its content."""
    canonical = json.dumps(
        {"scope": scope, "body": body}, sort_keys=True, separators=(",", ":"),
        ensure_ascii=False, default=str,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class Outcome:
    status_code: int
    body: Any
    case_id: int | None
    replayed: bool
    record: IdempotencyRecord | None = None


def find(user: User | None, key: str, *, scope: str) -> IdempotencyRecord | None:
    """The record of `key`: a user's keys are theirs across endpoints (a key reused for
    another endpoint is a conflict); anonymous keys are unique per endpoint."""
    if user is None:
        return IdempotencyRecord.objects.filter(user__isnull=True, scope=scope, key=key).first()
    return IdempotencyRecord.objects.filter(user=user, key=key).first()


def replay(record: IdempotencyRecord, *, scope: str, fingerprint: str) -> Outcome:
    if record.scope != scope or record.fingerprint != fingerprint:
        raise IdempotencyConflict(
            _("This Idempotency-Key was already used with a different request. Use a new key "
              "for a new report.")
        )
    return Outcome(record.status_code, record.response, record.case_id, True, record)


def by_public_id(value: str, *, scope: str) -> IdempotencyRecord | None:
    """The record a public token (Open311 tokens/{id}) names, if it is a valid one."""
    try:
        public_id = uuid.UUID(value)
    except ValueError:
        return None
    return IdempotencyRecord.objects.select_related("case").filter(
        public_id=public_id, scope=scope
    ).first()
