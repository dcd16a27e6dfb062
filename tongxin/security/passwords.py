"""Password rules (等保三级 身份鉴别): complexity, history and expiry.

Length and common passwords are Django's own validators (settings.AUTH_PASSWORD_VALIDATORS).
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import PasswordRecord

CLASSES = (
    ("lower", re.compile(r"[a-z]")),
    ("upper", re.compile(r"[A-Z]")),
    ("digit", re.compile(r"\d")),
    ("symbol", re.compile(r"[^A-Za-z0-9]")),
)


class ComplexityValidator:
    """At least `classes` of: lower-case, upper-case, digits, symbols."""

    def __init__(self, classes: int = 3):
        self.classes = classes

    def validate(self, password: str, user=None) -> None:
        found = sum(1 for _name, pattern in CLASSES if pattern.search(password))
        if found < self.classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return ngettext(
            "Your password must mix at least %(n)d kind of character (lower-case, upper-case, "
            "digits, symbols).",
            "Your password must mix at least %(n)d kinds of characters (lower-case, "
            "upper-case, digits, symbols).", self.classes) % {"n": self.classes}


class HistoryValidator:
    """Refuses the user's last `remember` passwords; records each new one (for expiry too)."""

    def __init__(self, remember: int = 5):
        self.remember = remember

    def validate(self, password: str, user=None) -> None:
        if user is None or user.pk is None:
            return
        recent = PasswordRecord.objects.filter(user_id=user.pk)[: self.remember]
        if any(check_password(password, r.password) for r in recent):
            raise ValidationError(self.get_help_text(), code="password_reused")

    def password_changed(self, password: str, user=None) -> None:
        if user is not None and user.pk is not None:
            PasswordRecord.objects.create(user_id=user.pk, password=user.password,
                                          set_at=timezone.now())

    def get_help_text(self) -> str:
        return _("Your password must differ from your last %(n)d passwords.") % {
            "n": self.remember}


def password_expired(user) -> bool:
    days = settings.TONGXIN_PASSWORD_MAX_AGE_DAYS
    if not days or not user.has_usable_password():
        return False
    last = PasswordRecord.objects.filter(user_id=user.pk).values_list("set_at", flat=True)
    set_at = last.first() or user.date_joined
    return timezone.now() - set_at > timedelta(days=days)
