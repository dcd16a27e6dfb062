"""Second factor (TOTP, RFC 6238) with pyotp; required for the roles in TONGXIN_TOTP_ROLES."""

from __future__ import annotations

import base64
import io

import pyotp
import qrcode
import qrcode.image.svg
from django.conf import settings

from tongxin.accounts.access import roles_of

from .models import TotpDevice

ISSUER = "Tongxin"


def totp_required(user) -> bool:
    if not user.is_authenticated:
        return False
    required = {r.strip() for r in settings.TONGXIN_TOTP_ROLES if r.strip()}
    return bool(user.is_superuser and required) or bool(roles_of(user) & required)


def device_for(user) -> TotpDevice:
    device, _created = TotpDevice.objects.get_or_create(
        user=user, defaults={"secret": pyotp.random_base32()}
    )
    return device


def provisioning_uri(device: TotpDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(
        name=device.user.get_username(), issuer_name=ISSUER
    )


def qr_data_uri(uri: str) -> str:
    """The otpauth:// URI as an SVG QR code, inline (data: URI) so nothing leaves the server."""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def verify(device: TotpDevice, code: str) -> bool:
    """Accept the code for this 30 s step or the one either side, each step only once."""
    code = (code or "").strip().replace(" ", "")
    if not code.isdigit():
        return False
    totp = pyotp.TOTP(device.secret)
    now_step = totp.timecode(_now())
    for step in (now_step - 1, now_step, now_step + 1):
        if step > device.last_step and totp.generate_otp(step) == code:
            device.last_step = step
            device.confirmed = True
            device.save(update_fields=["last_step", "confirmed"])
            return True
    return False


def _now():
    from django.utils import timezone

    return timezone.now()
