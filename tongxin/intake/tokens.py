"""API tokens: generated here, stored as SHA-256, looked up by hash on every request.

A SHA-256 (not a slow password hash) is enough: the token is 256 random bits, so there is
nothing to brute-force, and the lookup stays one indexed query.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone

from .models import ApiToken

PREFIX = "tx_"
# last_used_at is for administrators, not an audit trail: write it at most this often.
TOUCH_EVERY = timedelta(minutes=1)


def generate() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def authenticate(raw: str) -> ApiToken | None:
    """The active token whose user is active, or None."""
    raw = (raw or "").strip()
    if not raw or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_key(raw), is_active=True, user__is_active=True)
        .first()
    )
    if token is not None:
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
    return token
