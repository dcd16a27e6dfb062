"""Reads of the inbox (its rows are written by tongxin.notifications.inbox)."""

from __future__ import annotations

from .models import Notification


def unread_count(user_id: int) -> int:
    return Notification.objects.filter(user_id=user_id, read_at__isnull=True).count()
