"""Reference data held in process: loaded once, reloaded when it changes.

Calendars, time-limit policies, webhook subscriptions and the region tree are read on every
write but change a few times a year. Each lives in a `ProcessCache`: a change saved in this
process (a model signal) empties it at once; a change made by another process (another web
worker, the admin on another node) is picked up within `ttl` seconds.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from django.db.models.signals import post_delete, post_save

T = TypeVar("T")

_ALL: weakref.WeakSet[ProcessCache] = weakref.WeakSet()


class ProcessCache(Generic[T]):
    def __init__(self, load: Callable[[], T], *, ttl: float = 30.0,
                 watch: Iterable[str] = ()) -> None:
        self._load, self._ttl = load, ttl
        self._value: T | None = None
        self._loaded_at = 0.0
        self._lock = threading.Lock()
        for label in watch:  # "app_label.ModelName"; Django resolves it once the app is ready
            post_save.connect(self._changed, sender=label, weak=False)
            post_delete.connect(self._changed, sender=label, weak=False)
        _ALL.add(self)

    def get(self) -> T:
        with self._lock:
            if self._value is None or time.monotonic() - self._loaded_at > self._ttl:
                self._value, self._loaded_at = self._load(), time.monotonic()
            return self._value

    def clear(self) -> None:
        with self._lock:
            self._value = None

    def _changed(self, **_kwargs) -> None:
        self.clear()


def clear_all() -> None:
    """Forget every cached value (tests, whose database rolls back under the cache)."""
    for cache in list(_ALL):
        cache.clear()
