"""Texts the system stores for others to read later — inbox messages, automatic orders,
referral reasons — are written in the default language (settings.LANGUAGE_CODE), not in the
language of whoever happened to trigger them (a worker has none; a supervisor may browse in
English while the unit reads Chinese). Same rule as tongxin.notifications.handlers."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.conf import settings
from django.utils import translation

P = ParamSpec("P")
R = TypeVar("R")


def in_default_language(func: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with translation.override(settings.LANGUAGE_CODE):
            return func(*args, **kwargs)

    return wrapper
