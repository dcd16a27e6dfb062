"""Session control: one active session per account (optional) and the idle timeout."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.sessions.models import Session

from .models import SessionRecord

SEEN = "tx_seen"
SECOND_FACTOR = "tx_2fa"


def on_login(request, user) -> None:
    if request is None or not hasattr(request, "session"):
        return
    key = request.session.session_key
    if key is None:
        request.session.save()
        key = request.session.session_key
    request.session[SEEN] = int(time.time())
    if settings.TONGXIN_SINGLE_SESSION:
        # A new login ends every other session of the same account.
        others = SessionRecord.objects.filter(user_id=user.pk).exclude(session_key=key)
        Session.objects.filter(session_key__in=others.values("session_key")).delete()
        others.delete()
    SessionRecord.objects.get_or_create(session_key=key, defaults={"user_id": user.pk})


def idle_expired(request) -> bool:
    """True when the session went unused for longer than TONGXIN_IDLE_SECONDS."""
    now = int(time.time())
    seen = request.session.get(SEEN)
    limit = settings.TONGXIN_IDLE_SECONDS
    if seen is not None and limit and now - int(seen) > limit:
        return True
    if seen is None or now - int(seen) >= 30:
        # Written at most every 30 s: a session save per request is needless load.
        request.session[SEEN] = now
    return False
