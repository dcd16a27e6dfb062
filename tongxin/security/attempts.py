"""Second-factor attempts, counted per account and per address in the shared cache.

A six-digit code has a million values and three are valid at any moment, so unlimited tries
find one within hours (issue 28 finding 3: 300 wrong codes in 6.2 s, then the right one
worked). After TONGXIN_TOTP_FAILURES wrong codes for the account, or from the address, within
TONGXIN_TOTP_LOCK_SECONDS, every code is refused — the right one too — until the window
ends. The counters live in the cache all processes share (tongxin.core.sharedcache), so more
workers do not mean more tries.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import caches


def _keys(user_id: int, address: str) -> list[str]:
    return [f"totp:user:{user_id}", f"totp:ip:{address or '-'}"]


def _limit() -> tuple[int, int]:
    return settings.TONGXIN_TOTP_FAILURES, settings.TONGXIN_TOTP_LOCK_SECONDS


def locked(*, user_id: int, address: str) -> bool:
    limit, _seconds = _limit()
    counts = caches["shared"].get_many(_keys(user_id, address))
    return any(count >= limit for count in counts.values())


def failed(*, user_id: int, address: str) -> bool:
    """Count one wrong code; True when this failure reached the limit (lock starts now)."""
    limit, seconds = _limit()
    cache = caches["shared"]
    reached = False
    for key in _keys(user_id, address):
        # The window starts at the first failure and is not extended by later ones.
        if cache.add(key, 1, seconds):
            count = 1
        else:
            try:
                count = cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, seconds)
                count = 1
        reached = reached or count == limit
    return reached


def succeeded(*, user_id: int) -> None:
    caches["shared"].delete(_keys(user_id, "")[0])
