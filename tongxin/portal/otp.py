"""Phone verification by a one-time code sent through the SMS gateway.

Only an HMAC of the code is stored (keyed with SECRET_KEY); a code lives a few minutes,
allows a few attempts and is used once. Sending is rate limited per phone number.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.accounts.masking import mask_phone
from tongxin.accounts.models import Membership, Role, User
from tongxin.core.errors import ValidationFailed
from tongxin.outbound.sms import sms_backend

from .models import PhoneCode

PHONE = re.compile(r"^1[3-9]\d{9}$")  # a mainland mobile number
LIFETIME = timedelta(minutes=5)
RESEND_AFTER = timedelta(seconds=60)
MAX_ATTEMPTS = 5


def _hash(phone: str, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()


def check_phone(phone: str) -> str:
    phone = re.sub(r"[\s-]", "", phone or "")
    if not PHONE.match(phone):
        raise ValidationFailed(_("Enter an 11-digit mobile number."))
    return phone


def send_code(*, phone: str) -> None:
    phone = check_phone(phone)
    now = timezone.now()
    if PhoneCode.objects.filter(phone=phone, created_at__gt=now - RESEND_AFTER).exists():
        raise ValidationFailed(_("A code was just sent. Please wait a minute before asking again."))
    code = f"{secrets.randbelow(10**6):06d}"
    PhoneCode.objects.create(phone=phone, code_hash=_hash(phone, code),
                             expires_at=now + LIFETIME)
    sms_backend().send(phone, _("Your Tongxin verification code is %(code)s. It is valid for "
                                "5 minutes. Do not share it.") % {"code": code})


def verify_code(*, phone: str, code: str) -> User:
    """The citizen account of `phone` (created on first sign-in) when `code` is right."""
    phone = check_phone(phone)
    now = timezone.now()
    with transaction.atomic():
        entry = (PhoneCode.objects.select_for_update()
                 .filter(phone=phone, used_at__isnull=True, expires_at__gt=now)
                 .order_by("-created_at").first())
        if entry is None or entry.attempts >= MAX_ATTEMPTS:
            raise ValidationFailed(_("The code has expired. Ask for a new one."))
        entry.attempts += 1
        right = hmac.compare_digest(entry.code_hash, _hash(phone, (code or "").strip()))
        if right:
            entry.used_at = now
        # The failed attempt is counted too (committed before the error is raised).
        entry.save(update_fields=["attempts", "used_at"])
    if not right:
        raise ValidationFailed(_("The code is not right."))
    return citizen_for_phone(phone)


def citizen_for_phone(phone: str) -> User:
    user, created = User.objects.get_or_create(
        username=f"m{phone}", defaults={"phone": phone, "display_name": mask_phone(phone)},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        Membership.objects.create(user=user, role=Role.CITIZEN)
    return user
